// How the reminder runs behave (producer and consumer); every run takes these (tests and the bench override some).
import type { TimeOfDay } from "@steady/shared";
import { FOLLOW_UP_DELAY_RANGE } from "./settings";

export interface SchedulerOptions {
  /**
   * A reminder goes out at most this long after it fell due; older ones are recorded "expired",
   * not sent, so a backlog after downtime never floods a patient with reminders for doses long past.
   */
  sendWindowMinutes: number;
  /** Sends in flight at once (Workers allow 6 simultaneous outgoing connections). */
  concurrency: number;
  /** Attempts for a send WeChat answered "busy" (-1). */
  maxAttempts: number;
  /**
   * Most parameters one SQL statement may bind. D1 allows 100 (the default); the Node server's
   * libSQL allows 32,766 and runs fewer, larger statements much faster.
   */
  maxBoundParams: number;
  /** The weekly tip goes out on this local ISO weekday (1 = Monday … 7 = Sunday) … */
  tipWeekday: number;
  /** … between these local times. */
  tipFrom: TimeOfDay;
  tipUntil: TimeOfDay;
}

export const DEFAULT_OPTIONS: SchedulerOptions = {
  sendWindowMinutes: 30,
  concurrency: 6,
  maxAttempts: 3,
  maxBoundParams: 100,
  tipWeekday: 6, // Saturday
  tipFrom: "10:00",
  tipUntil: "20:00",
};

/** The longest follow-up delay any patient may have: how far back a run looks for follow-ups. */
export const MAX_FOLLOW_UP_DELAY_MIN = FOLLOW_UP_DELAY_RANGE.max;

/** Back-off after WeChat's per-minute limit (45011): it clears next minute. */
export const RATE_LIMIT_BACKOFF_MS: Record<number, number> = { 45011: 60_000 };
export const DEFAULT_BACKOFF_MS = 60_000;

/**
 * When WeChat's daily quota (45009) clears: its quotas count in Beijing time, so at the next
 * 00:00 UTC+8. Until then the scheduler does not call WeChat and reminders go by SMS.
 */
export function dailyQuotaResetAfter(now: number): number {
  const BEIJING = 8 * 3600_000;
  const day = 24 * 3600_000;
  return Math.floor((now + BEIJING) / day) * day + day - BEIJING;
}
