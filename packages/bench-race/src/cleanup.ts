// What the race started, stopped in reverse order at the end, on a failure, or on Ctrl-C/SIGTERM:
// server processes, the counting proxies, the embedded PostgreSQL, temporary folders.

type Step = { name: string; run: () => Promise<unknown> | unknown };
const steps: Step[] = [];
let running: Promise<void> | undefined;
let signalled = false;

/** A signal arrived: what is still being measured is meaningless, and not worth printing. */
export const stopping = () => signalled;

/** Registers something to undo; returns a function that undoes it now (once) instead. */
export function onCleanup(name: string, run: () => Promise<unknown> | unknown): () => Promise<void> {
  const step: Step = { name, run };
  steps.push(step);
  return async () => {
    const i = steps.indexOf(step);
    if (i < 0) return;
    steps.splice(i, 1);
    await step.run();
  };
}

/** Runs every registered step, newest first; a failing step is reported and the rest still run. */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (steps.length) {
      const step = steps.pop()!;
      try {
        await step.run();
      } catch (err) {
        console.error(`cleanup: ${step.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return running;
}

/** Ctrl-C or SIGTERM: clean up, then exit 130/143. A second signal exits at once. */
export function cleanUpOnSignals(): void {
  let received = 0;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      signalled = true;
      if (++received > 1) process.exit(code);
      console.error(`\n${signal}: stopping the servers and the database …`);
      const timer = setTimeout(() => process.exit(code), 30_000);
      void cleanupAll().finally(() => {
        clearTimeout(timer);
        process.exit(code);
      });
    });
  }
}
