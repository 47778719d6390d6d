import { createHmac } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { enumLabel } from '../core/resource/enums';
import { emailsOf, hostProblem } from './channel-address';
import { ChannelKind, NotificationKind } from './notify.enums';

/** A channel as sending needs it: its kind, address and signing key. */
export interface Destination {
  kind: ChannelKind;
  address: string;
  signingKey: string | null;
}

export interface Mail {
  transport?: Transporter;
  from: string;
}

const TIMEOUT_MS = 10_000;

/** Why a send failed, as the delivery log keeps it: never the address (it holds the robot's key). */
export class SendFailure extends Error {}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new SendFailure(`无法连接接收方（${cause}）`);
  }
  if (!res.ok) throw new SendFailure(`接收方答复 HTTP ${res.status}`);
  return res;
}

/** A robot's own answer: HTTP 200 with errcode 0, else what it said. */
async function robotAnswer(res: Response, who: string): Promise<void> {
  const answer = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
  if (answer.errcode !== 0) throw new SendFailure(`${who}返回错误 ${answer.errcode ?? '（无 errcode）'} ${String(answer.errmsg ?? '').slice(0, 200)}`);
}

/** 钉钉 加签: the timestamp and its HMAC-SHA256 under the secret, added to the robot's URL. */
export function dingtalkUrl(address: string, secret: string | null, now = Date.now()): string {
  if (!secret) return address;
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  const url = new URL(address);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', sign);
  return url.toString();
}

/** The generic webhook's signature header: HMAC-SHA256 of the body under the channel's key. */
export const webhookSignature = (key: string, body: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

/** Sends one message; throws SendFailure with a reason fit for the delivery log. */
export async function send(to: Destination, kind: NotificationKind, text: string, mail: Mail): Promise<void> {
  // Checked again: the hosts allowed may have changed since the channel was saved.
  const refused = to.kind === ChannelKind.EMAIL ? undefined : hostProblem(to.kind, to.address);
  if (refused) throw new SendFailure(refused[0].message);
  const content = JSON.stringify({ msgtype: 'text', text: { content: text } });
  switch (to.kind) {
    case ChannelKind.WECOM_ROBOT:
      return robotAnswer(await post(to.address, content), '企业微信');
    case ChannelKind.DINGTALK_ROBOT:
      return robotAnswer(await post(dingtalkUrl(to.address, to.signingKey), content), '钉钉');
    case ChannelKind.WEBHOOK: {
      const body = JSON.stringify({ kind, kindLabel: enumLabel(NotificationKind, kind), text, sentAt: new Date().toISOString() });
      await post(to.address, body, to.signingKey ? { 'x-jiafang-signature': webhookSignature(to.signingKey, body) } : {});
      return;
    }
    case ChannelKind.EMAIL: {
      if (!mail.transport) throw new SendFailure('未配置邮件服务器（SMTP_URL），无法发送邮件');
      try {
        await mail.transport.sendMail({ from: mail.from, to: emailsOf(to.address), subject: `【家访提醒】${enumLabel(NotificationKind, kind)}`, text });
      } catch (err) {
        throw new SendFailure(`邮件发送失败：${String((err as { response?: string }).response ?? (err as Error).message).slice(0, 200)}`);
      }
      return;
    }
  }
}
