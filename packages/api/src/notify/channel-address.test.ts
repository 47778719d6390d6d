import { addressHint, channelProblems, emailsOf } from './channel-address';

const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const rule = (kind: string, address: string) => channelProblems({ kind: kind as never, address })[0]?.rule;

describe('a channel address', () => {
  const saved = process.env.NOTIFY_ALLOW_HOSTS;
  afterEach(() => (process.env.NOTIFY_ALLOW_HOSTS = saved));

  it("is a robot's own host over https, e-mail addresses for e-mail", () => {
    delete process.env.NOTIFY_ALLOW_HOSTS;
    expect(channelProblems({ kind: 'WECOM_ROBOT', address: WECOM })).toEqual([]);
    expect(channelProblems({ kind: 'DINGTALK_ROBOT', address: 'https://oapi.dingtalk.com/robot/send?access_token=abc' })).toEqual([]);
    expect(rule('WECOM_ROBOT', WECOM.replace('https:', 'http:'))).toBe('HOST_NOT_ALLOWED');
    expect(rule('WECOM_ROBOT', 'https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send')).toBe('HOST_NOT_ALLOWED');
    expect(rule('DINGTALK_ROBOT', 'oapi.dingtalk.com/robot/send')).toBe('URL_FORMAT');
    expect(rule('WEBHOOK', 'ftp://example.org/x')).toBe('URL_FORMAT');
    expect(channelProblems({ kind: 'EMAIL', address: 'a@x.cn, b@y.cn' })).toEqual([]);
    expect(channelProblems({ kind: 'EMAIL', address: 'a@x.cn，not-an-address' })[0]).toMatchObject({ field: 'target', rule: 'EMAIL_FORMAT' });
    expect(rule('EMAIL', '')).toBe('REQUIRED');
    expect(emailsOf('a@x.cn；b@y.cn c@z.cn')).toEqual(['a@x.cn', 'b@y.cn', 'c@z.cn']);
  });

  it('reaches no other host unless the operator allows it: no intranet, no metadata address', () => {
    delete process.env.NOTIFY_ALLOW_HOSTS;
    for (const address of ['http://169.254.169.254/latest/meta-data', 'http://127.0.0.1:5432/', 'https://10.0.0.8/hook', 'https://hooks.example.org/in']) {
      expect([address, rule('WEBHOOK', address)]).toEqual([address, 'HOST_NOT_ALLOWED']);
    }
    process.env.NOTIFY_ALLOW_HOSTS = 'hooks.example.org, 10.0.0.8';
    expect(rule('WEBHOOK', 'https://hooks.example.org/in')).toBeUndefined();
    expect(rule('WEBHOOK', 'http://10.0.0.8:8080/in')).toBeUndefined();
    expect(rule('WEBHOOK', 'http://169.254.169.254/')).toBe('HOST_NOT_ALLOWED');
  });

  it('is shown without its key, in the path or the query', () => {
    const hint = addressHint('WECOM_ROBOT', WECOM);
    expect(hint).toBe('https://qyapi.weixin.qq.com/…****5aaa');
    expect(hint).not.toContain('693a91f6');
    expect(addressHint('WEBHOOK', 'https://hooks.slack.example/services/T000/B000/XXXXsecretXXXX')).toBe('https://hooks.slack.example/…****XXXX');
    expect(addressHint('EMAIL', 'a@x.cn;b@y.cn')).toBe('a@x.cn, b@y.cn');
  });
});
