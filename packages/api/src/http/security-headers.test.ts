import { parseCorsOrigins, parseHstsMaxAge, parseTrustProxy } from './security-headers';

describe('TRUST_PROXY', () => {
  it('maps to Express trust proxy values', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy(' loopback, 10.0.0.0/8 ,192.168.1.5,fd00::/8,172.16.0.0/255.240.0.0')).toEqual(['loopback', '10.0.0.0/8', '192.168.1.5', 'fd00::/8', '172.16.0.0/255.240.0.0']);
  });

  it('refuses what Express would misread, naming the setting', () => {
    for (const bad of ['yes', 'nginx', '10.0.0.0/33', '10.0.0/8', '::1/129', '1.2.3.4/8/1']) expect(() => parseTrustProxy(bad)).toThrow(/TRUST_PROXY/);
  });
});

describe('CORS_ORIGINS', () => {
  it('is a list of origins, normalised as browsers send them', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins('https://a.example, http://10.0.0.5:8080/ ,HTTPS://B.Example:443')).toEqual(['https://a.example', 'http://10.0.0.5:8080', 'https://b.example']);
  });

  it('refuses a wildcard, paths and non-origins', () => {
    for (const bad of ['*', 'a.example', 'https://a.example/app', 'ftp://a.example', 'https://*.example']) expect(() => parseCorsOrigins(bad)).toThrow(/CORS_ORIGINS/);
  });
});

describe('HSTS_MAX_AGE_SECONDS', () => {
  it('defaults to a year; 0 turns it off', () => {
    expect(parseHstsMaxAge(undefined)).toBe(31_536_000);
    expect(parseHstsMaxAge('0')).toBe(0);
    expect(parseHstsMaxAge('600')).toBe(600);
    expect(parseHstsMaxAge('-1')).toBe(31_536_000);
  });
});
