// The Node server's background passes: one now and one every minute, never two at once, and a
// stop that waits for the pass in hand (so the database can be closed after it).

/** Runs `pass` now and every minute; a failure is logged under `name` and the next minute retries. */
export function everyMinute(name: string, pass: (stopped: () => boolean) => Promise<unknown>) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = pass(() => stopped)
      .then(() => undefined)
      .catch((e) => console.error(`${name} failed`, e))
      .finally(() => {
        running = null;
      });
  };
  const interval = setInterval(tick, 60_000);
  // Node's timer has unref (the process may exit); the DOM typing that api-client checks with has not.
  (interval as unknown as { unref?: () => void }).unref?.();
  tick();
  return async () => {
    stopped = true;
    clearInterval(interval);
    await running;
  };
}
