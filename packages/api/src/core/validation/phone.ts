// Mainland mobile numbers (11 digits starting 13–19) or landlines with an area code (0913-7212345).
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function phoneProblem(value: string): { rule: string; message: string } | null {
  if (MOBILE.test(value) || LANDLINE.test(value)) return null;
  return { rule: 'PHONE_FORMAT', message: '电话号码应为11位手机号或带区号的固定电话' };
}
