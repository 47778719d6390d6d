import type { Postmaster } from './postmaster';

export type SupervisedState = 'running' | 'restarting' | 'stopping' | 'stopped';

export interface BackOff {
  firstMs: number;
  maxMs: number;
}

/**
 * Keeps the embedded postmaster running: when it dies (killed, crashed, out of memory), it is
 * started again on the same port after 0.5 s, then 1, 2, 4 … up to 10 s between attempts, for
 * as long as it takes. The ORM's pool drops the dead connections and opens new ones by itself.
 */
export class PostmasterSupervisor {
  private current: Postmaster;
  private state: SupervisedState = 'running';
  private attempts = 0;
  private wake?: () => void;
  private restarting?: Promise<void>;

  constructor(
    first: Postmaster,
    private readonly start: () => Promise<Postmaster>,
    private readonly log: (m: string) => void,
    private readonly backOff: BackOff = { firstMs: 500, maxMs: 10_000 },
  ) {
    this.current = first;
    this.watch(first);
  }

  get status(): { state: SupervisedState; pid?: number; attempts: number } {
    return { state: this.state, pid: this.current.running ? this.current.pid : undefined, attempts: this.attempts };
  }

  private watch(pm: Postmaster): void {
    void pm.exited.then(({ code, signal }) => {
      if (this.state !== 'running' || pm.stopRequested) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.log(`embedded PostgreSQL (pid ${pm.pid}) ${how}: restarting it on port ${pm.options.port} …`);
      this.state = 'restarting';
      this.restarting = this.restart();
    });
  }

  private async restart(): Promise<void> {
    const downSince = Date.now();
    let delay = this.backOff.firstMs;
    let lastReason = '';
    this.attempts = 0;
    while (this.state === 'restarting') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.state !== 'restarting') return;
      this.attempts++;
      try {
        const pm = await this.start();
        if (this.state !== 'restarting') {
          await pm.stop();
          return;
        }
        this.current = pm;
        this.state = 'running';
        this.watch(pm);
        this.log(`embedded PostgreSQL is back (pid ${pm.pid}) after ${((Date.now() - downSince) / 1000).toFixed(1)} s, ${this.attempts} attempt(s)`);
        return;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        delay = Math.min(delay * 2, this.backOff.maxMs);
        // The full explanation once; while it stays the same, one line per attempt.
        this.log(reason === lastReason ? `restart attempt ${this.attempts} failed again; next in ${delay / 1000} s` : `restart attempt ${this.attempts} failed; next in ${delay / 1000} s:\n${reason}`);
        lastReason = reason;
      }
    }
  }

  /** No more restarts; stops the postmaster (fast shutdown, SIGKILL after `graceMs`). */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    this.wake?.();
    await this.restarting;
    await this.current.stop(graceMs);
    this.state = 'stopped';
  }
}
