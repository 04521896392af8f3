// The programme admin's view of the reminder dead-letter queue (ADR 0016): each queue message the
// fan-out gave up on after its retries, with the sends it carried and why they failed. The sends
// themselves are marked "failed" (with "dead letter: …") in each patient's reminder history.
import { type DeadLettersResponse, deadLetterQuery } from "@steady/shared";
import { desc, inArray, lt } from "drizzle-orm";
import { Hono } from "hono";
import { reminderDeadLetters, reminderSends } from "../db/schema";
import type { AppEnv } from "../env";
import { validate } from "../http/validate";

export const deadLetterRoutes = new Hono<AppEnv>().get(
  "/programme/reminder-dead-letters",
  validate("query", deadLetterQuery),
  async (c) => {
    const { db } = c.var.deps;
    const q = c.req.valid("query");
    const limit = q.limit ?? 50;
    const rows = await db
      .select()
      .from(reminderDeadLetters)
      .where(q.before ? lt(reminderDeadLetters.id, q.before) : undefined)
      .orderBy(desc(reminderDeadLetters.id))
      .limit(limit);
    // What the sends were (kind and when due), ≤ 100 ids per statement as D1 allows.
    const ids = [...new Set(rows.flatMap((r) => r.sendIds))];
    const sends = new Map<number, { kind: string; dueAt: number; status: string }>();
    for (let i = 0; i < ids.length; i += 90) {
      const part = await db
        .select({
          id: reminderSends.id,
          kind: reminderSends.kind,
          dueAt: reminderSends.dueAt,
          status: reminderSends.status,
        })
        .from(reminderSends)
        .where(inArray(reminderSends.id, ids.slice(i, i + 90)));
      for (const s of part) sends.set(s.id, s);
    }
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        job: r.job,
        attempts: r.attempts,
        errcode: r.errcode,
        error: r.error,
        sends: r.sendIds.map((id) => {
          const s = sends.get(id);
          return {
            id,
            kind: s?.kind ?? null,
            dueAt: s ? new Date(s.dueAt).toISOString() : null,
            status: s?.status ?? null,
          };
        }),
      })),
      nextBefore: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null,
    } satisfies DeadLettersResponse);
  },
);
