// Password checks that cannot be raced or sprayed (issue 11). Used by /auth/login and by accepting
// an invite for an email that already has an account, so both obey one lockout.
//
// - Per account: an attempt is *reserved* by one UPDATE … RETURNING before the password is
//   checked, so a parallel burst gets at most MAX_FAILED_LOGINS checks; the fifth reservation
//   locks the account for LOCKOUT_MS (423) and a correct password clears the count.
// - Per client address: MAX_CLIENT_FAILURES failed logins in CLIENT_WINDOW_MS, whatever the
//   emails, then 429 with Retry-After (libSQL counter here; the Workers rate-limiting binding on
//   Cloudflare, see entry-worker.ts).
// - Unknown emails cost the same PBKDF2 as known ones (a dummy hash), so timing does not tell.
import { eq, lte, sql } from "drizzle-orm";
import type { Context } from "hono";
import { loginLimits, users } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { hashPassword, verifyPassword } from "./crypto";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const MAX_CLIENT_FAILURES = 20;
export const CLIENT_WINDOW_MS = 15 * 60_000;

/** Counts login attempts of one client address. */
export interface ClientLimiter {
  /** Counts one attempt; refused when the client is over its limit. */
  hit(key: string, now: number): Promise<{ ok: true } | { ok: false; retryAfterS: number }>;
  /** Gives an attempt back (the password was right: only failures count). */
  refund(key: string): Promise<void>;
}

/** Fixed-window counter in the database: one UPSERT … RETURNING per attempt, exact under bursts. */
export function dbClientLimiter(db: Db): ClientLimiter {
  return {
    async hit(key, now) {
      const start = now - CLIENT_WINDOW_MS;
      // Windows that ended are dropped, so the table holds only the last 15 minutes' addresses.
      await db.delete(loginLimits).where(lte(loginLimits.windowStart, start));
      const [row] = await db
        .insert(loginLimits)
        .values({ key, windowStart: now, count: 1 })
        .onConflictDoUpdate({
          target: loginLimits.key,
          set: {
            count: sql`case when ${loginLimits.windowStart} <= ${start} then 1 else ${loginLimits.count} + 1 end`,
            windowStart: sql`case when ${loginLimits.windowStart} <= ${start} then ${now} else ${loginLimits.windowStart} end`,
          },
        })
        .returning({ count: loginLimits.count, windowStart: loginLimits.windowStart });
      if (!row || row.count <= MAX_CLIENT_FAILURES) return { ok: true };
      return {
        ok: false,
        retryAfterS: Math.max(1, Math.ceil((row.windowStart + CLIENT_WINDOW_MS - now) / 1000)),
      };
    },
    async refund(key) {
      await db
        .update(loginLimits)
        .set({ count: sql`max(${loginLimits.count} - 1, 0)` })
        .where(eq(loginLimits.key, key));
    },
  };
}

/** The Workers rate-limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * The binding counts every attempt over its own period (10 or 60 s; it cannot be refunded), so on
 * Cloudflare the limit is "LIMIT attempts per period" rather than "20 failures in 15 minutes".
 */
export function bindingClientLimiter(binding: RateLimitBinding, periodS: number): ClientLimiter {
  return {
    async hit(key) {
      const { success } = await binding.limit({ key });
      return success ? { ok: true } : { ok: false, retryAfterS: periodS };
    },
    async refund() {},
  };
}

/** Takes one attempt of an account's budget; `locked` with the minutes left when there is none. */
async function reserveAttempt(db: Db, userId: string, now: number) {
  const [row] = await db
    .update(users)
    .set({
      // An expired lock starts a fresh count.
      failedLogins: sql`case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= ${now} then 1 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case
        when ${users.lockedUntil} is not null and ${users.lockedUntil} <= ${now} then null
        when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} then ${now + LOCKOUT_MS}
        else ${users.lockedUntil} end`,
    })
    .where(sql`${users.id} = ${userId} and (${users.lockedUntil} is null or ${users.lockedUntil} <= ${now})`)
    .returning({ failedLogins: users.failedLogins });
  return Boolean(row);
}

/** Gives back a reserved attempt that was never checked (the client was over its limit). */
async function releaseAttempt(db: Db, userId: string) {
  await db
    .update(users)
    .set({
      failedLogins: sql`max(${users.failedLogins} - 1, 0)`,
      lockedUntil: sql`case when ${users.failedLogins} - 1 < ${MAX_FAILED_LOGINS} then null else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId));
}

let dummyHash: Promise<string> | null = null;
/** A real PBKDF2 hash of a random password, checked for unknown emails to equalise timing. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

export type PasswordCheck =
  | { outcome: "ok"; user: typeof users.$inferSelect }
  | { outcome: "wrong" }
  | { outcome: "locked"; minutes: number }
  | { outcome: "limited"; retryAfterS: number };

/**
 * The key a client address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64
 * — one subscriber usually holds a whole /64, so counting single addresses would let them rotate.
 */
export function addressKey(address: string | undefined): string {
  const a = address
    ?.trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  if (!a) return "ip:unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return `ip:${mapped[1]}`;
  if (!a.includes(":")) return `ip:${a}`;
  const [head = "", tail = ""] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = a.includes("::") && tail ? tail.split(":") : [];
  const groups = a.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** The client address requests are counted under (socket, trusted proxy header or CF-Connecting-IP). */
export function clientKey(c: Context<AppEnv>): string {
  return addressKey(c.var.deps.clientAddress?.(c));
}

/** Checks an email and password through the account lockout and the per-client limit. */
export async function checkPassword(
  c: Context<AppEnv>,
  email: string,
  password: string,
): Promise<PasswordCheck> {
  const { db, clock } = c.var.deps;
  const limiter = c.var.deps.loginLimiter ?? dbClientLimiter(db);
  const now = clock();
  const key = clientKey(c);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (user && !(await reserveAttempt(db, user.id, now))) {
    const [row] = await db
      .select({ lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, user.id));
    const minutes = Math.max(1, Math.ceil(((row?.lockedUntil ?? now) - now) / 60_000));
    return { outcome: "locked", minutes };
  }
  const client = await limiter.hit(key, now);
  if (!client.ok) {
    if (user) await releaseAttempt(db, user.id);
    return { outcome: "limited", retryAfterS: client.retryAfterS };
  }
  const good = await verifyPassword(password, user?.passwordHash ?? (await dummy()));
  if (!user || !good) return { outcome: "wrong" };
  await Promise.all([
    db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id)),
    limiter.refund(key),
  ]);
  return { outcome: "ok", user };
}
