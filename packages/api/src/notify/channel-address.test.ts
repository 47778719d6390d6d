import { addressHint, channelProblems, emailsOf } from './channel-address';

describe('a channel address', () => {
  it('is a URL for robots and webhooks, e-mail addresses for e-mail', () => {
    expect(channelProblems({ kind: 'WECOM_ROBOT', address: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' })).toEqual([]);
    expect(channelProblems({ kind: 'WEBHOOK', address: 'ftp://example.org/x' })[0].rule).toBe('URL_FORMAT');
    expect(channelProblems({ kind: 'DINGTALK_ROBOT', address: 'oapi.dingtalk.com/robot/send' })[0].rule).toBe('URL_FORMAT');
    expect(channelProblems({ kind: 'EMAIL', address: 'a@x.cn, b@y.cn' })).toEqual([]);
    expect(channelProblems({ kind: 'EMAIL', address: 'a@x.cn，not-an-address' })[0]).toMatchObject({ field: 'target', rule: 'EMAIL_FORMAT' });
    expect(channelProblems({ kind: 'EMAIL', address: '' })[0].rule).toBe('REQUIRED');
    expect(emailsOf('a@x.cn；b@y.cn c@z.cn')).toEqual(['a@x.cn', 'b@y.cn', 'c@z.cn']);
  });

  it("is shown without the robot's key", () => {
    const hint = addressHint('WECOM_ROBOT', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    expect(hint).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…****5aaa');
    expect(hint).not.toContain('693a91f6');
    expect(addressHint('WEBHOOK', 'https://hooks.example.org/in')).toBe('https://hooks.example.org/in');
    expect(addressHint('EMAIL', 'a@x.cn;b@y.cn')).toBe('a@x.cn, b@y.cn');
  });
});
