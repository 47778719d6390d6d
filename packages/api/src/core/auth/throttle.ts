// Failed logins are counted per username and per client address over a sliding window; past the
// limit, logins are refused until the window has moved on, even with the right password.
const WINDOW_MS = Number(process.env.LOGIN_WINDOW_SECONDS ?? 900) * 1000;
const LIMITS = { user: Number(process.env.LOGIN_MAX_FAILURES ?? 5), address: Number(process.env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 30) };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  retryAfter(username: string, address: string, now = Date.now()): number {
    const waits = ([['user', `u:${username.toLowerCase()}`], ['address', `a:${address}`]] as const).map(([kind, key]) => {
      const times = this.recent(key, now);
      return times.length >= LIMITS[kind] ? Math.ceil((times[0] + WINDOW_MS - now) / 1000) : 0;
    });
    return Math.max(...waits);
  }

  failed(username: string, address: string, now = Date.now()): void {
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeeded(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }
}
