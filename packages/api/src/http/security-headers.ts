import net from 'node:net';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import cors from 'cors';

/** A year, helmet's own default. */
export const DEFAULT_HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * Headers on every answer (admin, /graphql, downloads). The admin's scripts are its own bundle
 * files: no inline script, no CDN, no eval, so script-src is 'self' alone.
 */
export function securityHeaders(options: { hstsMaxAgeSeconds?: number } = {}): RequestHandler {
  const hstsMaxAge = options.hstsMaxAgeSeconds ?? DEFAULT_HSTS_MAX_AGE_SECONDS;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        // MUI (emotion) inserts <style> tags at run time and React writes style attributes:
        // neither can carry a nonce from a static index.html, so styles need 'unsafe-inline'.
        'style-src': ["'self'", "'unsafe-inline'"],
        // data: for the empty favicon, blob: for downloads saved from fetched blobs.
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        // The admin talks to its own origin only; CORS_ORIGINS is about other sites calling us.
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        // No upgrade-insecure-requests: on a plain-HTTP intranet it would send every asset to https.
      },
    },
    // Browsers ignore HSTS over plain HTTP; behind HTTPS it pins this host only (siblings of a
    // bureau's domain are not ours to pin, hence no includeSubDomains). 0 turns it off.
    strictTransportSecurity: hstsMaxAge > 0 ? { maxAge: hstsMaxAge, includeSubDomains: false } : false,
    // Breaks cross-origin images and workers for no gain here.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * CORS for listed origins only. Without a list no cross-origin browser request gets an allow
 * header: the admin is served from the same origin and needs none. Clients without an Origin
 * header (curl, scripts) are not affected either way.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const listed = cors({
    origin: true,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Apollo-Require-Preflight'],
    // A listed client reads download names and when to retry.
    exposedHeaders: ['Content-Disposition', 'Retry-After'],
    maxAge: 600,
  });
  return (req, res, next) => {
    // Answers differ by Origin once a list exists: caches must keep them apart.
    if (allowed.size) res.vary('Origin');
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) return listed(req, res, next);
    // A foreign preflight is refused here rather than falling through to a route.
    if (origin && req.method === 'OPTIONS' && req.headers['access-control-request-method']) return void res.status(403).end();
    next();
  };
}

/** CORS_ORIGINS: comma-separated origins (`https://a.example`), each normalised as browsers send it. */
export function parseCorsOrigins(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return entries.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || entry.includes('*') || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new Error(`CORS_ORIGINS: "${entry}" is not an origin; list them like https://a.example,http://10.0.0.5:8080 (no path, no "*")`);
    }
    return url.origin;
  });
}

/** HSTS_MAX_AGE_SECONDS: whole seconds, 0 for none; anything else keeps the default. */
export function parseHstsMaxAge(value: string | undefined): number {
  return value && /^\d+$/.test(value.trim()) ? Number(value.trim()) : DEFAULT_HSTS_MAX_AGE_SECONDS;
}

/** What Express's `trust proxy` accepts from TRUST_PROXY. */
export type TrustProxy = boolean | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset or `false` uses the socket's address; a number of proxy hops; `loopback`,
 * `linklocal`, `uniquelocal`, addresses or CIDRs, comma-separated; or `true` (trust every
 * X-Forwarded-For: only when nothing can reach the server except through the proxy).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (!v || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!PROXY_NAMES.has(entry) && !isAddressOrSubnet(entry)) {
      throw new Error(`TRUST_PROXY: "${entry}" is not a hop count, loopback/linklocal/uniquelocal, an address or a CIDR`);
    }
  }
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, range, ...rest] = entry.split('/');
  const kind = net.isIP(address);
  if (!kind || rest.length) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (kind === 4 ? 32 : 128);
  return kind === 4 && net.isIPv4(range); // a dotted netmask
}
