// Stale programme figures (stats.ts) recomputed in the background, a bounded batch a minute, so
// the rep and programme dashboards of a large programme stay current without computing in the
// request. A background job (jobs/registry.ts) on both runtimes.
import type { Db } from "../env";
import { everyMinute } from "../jobs/minute-timer";
import { refreshProgrammeStats } from "./stats";

/** Patients refreshed per minute by the Node server, and per cron invocation on Workers. */
export const NODE_PROGRAMME_REFRESH = 2000;
export const WORKER_PROGRAMME_REFRESH = 500;
/** Computing 2,000 patients at once would hold up requests for about two seconds: small pieces. */
const PIECE = 90;

/** One Workers cron invocation's share. */
export function refreshProgrammeOnce(db: Db, now: number) {
  return refreshProgrammeStats(db, now, { limit: WORKER_PROGRAMME_REFRESH });
}

/** Every minute (and once at start) in the Node server; returns a stop that waits for work in hand. */
export function startProgrammeRefresher(o: { db: Db; clock: () => number }): () => Promise<void> {
  return everyMinute("programme figures refresh", async (stopped) => {
    for (let left = NODE_PROGRAMME_REFRESH; left > 0 && !stopped(); left -= PIECE) {
      const { pending } = await refreshProgrammeStats(o.db, o.clock(), { limit: PIECE });
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });
}
