import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

// Failed logins are counted per username and per client address over a window; past the limit,
// logins are refused until the window ends, even with the right password. The counts live in
// the store the limiters were made with (PostgreSQL or Redis), so every process behind one
// database sees the same ones: a guesser cannot spread tries over several processes.

export interface LoginLimits {
  windowSeconds: number;
  perUser: number;
  perAddress: number;
}

/** A counter of failures over the window, in a shared store. */
export type FailureCounter = (name: 'login_user' | 'login_address', points: number, windowSeconds: number) => RateLimiterAbstract;

export class LoginThrottle {
  private readonly user: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;

  constructor(counter: FailureCounter, private readonly limits: LoginLimits) {
    this.user = counter('login_user', limits.perUser, limits.windowSeconds);
    this.address = counter('login_address', limits.perAddress, limits.windowSeconds);
  }

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  async retryAfter(username: string, address: string): Promise<number> {
    const [user, place] = await Promise.all([this.user.get(userKey(username)), this.address.get(address)]);
    const wait = (res: RateLimiterRes | null, limit: number) => (res && res.consumedPoints >= limit ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0);
    return Math.max(wait(user, this.limits.perUser), wait(place, this.limits.perAddress));
  }

  async failed(username: string, address: string): Promise<void> {
    // Over the limit, consume rejects with the counts: the failure is counted all the same.
    const count = (l: RateLimiterAbstract, key: string) => l.consume(key).catch((err) => {
      if (!(err instanceof RateLimiterRes)) throw err;
    });
    await Promise.all([count(this.user, userKey(username)), count(this.address, address)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.user.delete(userKey(username));
  }
}

const userKey = (username: string) => username.toLowerCase();
