import { ChannelKind } from './notify.enums';

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** A channel's e-mail addresses (comma, semicolon or space separated). */
export const emailsOf = (address: string): string[] => address.split(/[\s,;，；]+/).filter(Boolean);

/** Problems of a channel's address for its kind: e-mail addresses, or an http(s) URL. */
export function channelProblems(c: { kind: ChannelKind; address?: string | null }) {
  const field = 'target';
  if (!c.address) return [{ field, rule: 'REQUIRED', message: '请填写地址' }];
  if (c.kind === ChannelKind.EMAIL) {
    const wrong = emailsOf(c.address).filter((a) => !EMAIL.test(a));
    if (wrong.length || !emailsOf(c.address).length) return [{ field, rule: 'EMAIL_FORMAT', message: `收件邮箱格式不正确：${wrong.join('、') || c.address}` }];
    return [];
  }
  return hostProblem(c.kind, c.address) ?? [];
}

/** The group robots' own hosts: their addresses are these, over https, and nothing else. */
const ROBOT_HOSTS: Partial<Record<ChannelKind, string>> = { WECOM_ROBOT: 'qyapi.weixin.qq.com', DINGTALK_ROBOT: 'oapi.dingtalk.com' };

/** Hosts the operator lets channels post to beyond the robots' (NOTIFY_ALLOW_HOSTS: an intranet receiver). */
const allowedHosts = (): string[] => (process.env.NOTIFY_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);

/**
 * Whether the server may post to this address: a robot's own host over https, or a host the
 * operator allowed. A school admin cannot make the server call anything else (its intranet, a
 * cloud's metadata address): the address is checked when saved and again when sending.
 */
export function hostProblem(kind: ChannelKind, address: string): Array<{ field: string; rule: string; message: string }> | undefined {
  const field = 'target';
  let url: URL | undefined;
  try {
    url = new URL(address);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return [{ field, rule: 'URL_FORMAT', message: '地址应为 https:// 开头的机器人 Webhook 地址（在群设置的“群机器人”中复制）' }];
  }
  const host = url.hostname.toLowerCase();
  if (allowedHosts().includes(host)) return undefined;
  const robot = ROBOT_HOSTS[kind];
  if (robot && host === robot && url.protocol === 'https:') return undefined;
  const message = robot
    ? `${kind === 'WECOM_ROBOT' ? '企业微信' : '钉钉'}群机器人的地址应以 https://${robot}/ 开头`
    : '该地址的主机不在允许推送的范围内：请系统管理员在 NOTIFY_ALLOW_HOSTS 中加入';
  return [{ field, rule: 'HOST_NOT_ALLOWED', message }];
}

/** What the API shows of an address: e-mails whole; a URL's scheme and host and its last four characters (a key may sit in the path or the query). */
export function addressHint(kind: ChannelKind, address: string): string {
  if (kind === ChannelKind.EMAIL) return emailsOf(address).join(', ');
  const url = new URL(address);
  const rest = url.pathname + url.search + url.hash;
  return rest.length > 8 ? `${url.origin}/…****${rest.slice(-4)}` : `${url.origin}/…`;
}
