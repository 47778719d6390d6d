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
  let url: URL | undefined;
  try {
    url = new URL(c.address);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return [{ field, rule: 'URL_FORMAT', message: '地址应为 https:// 开头的机器人 Webhook 地址（在群设置的“群机器人”中复制）' }];
  }
  return [];
}

/** What the API shows of an address: e-mails whole; a URL's host and path, its query's last four characters. */
export function addressHint(kind: ChannelKind, address: string): string {
  if (kind === ChannelKind.EMAIL) return emailsOf(address).join(', ');
  const url = new URL(address);
  const tail = (url.search + url.hash).slice(-4);
  return `${url.origin}${url.pathname}${url.search || url.hash ? `?…${tail.length === 4 ? `****${tail}` : ''}` : ''}`;
}
