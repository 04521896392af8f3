// Sessions: patients carry a bearer token, portal users an HttpOnly cookie. Only token hashes are stored.
import { DEFAULT_THRESHOLDS, type Thresholds } from "@steady/shared";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { preparedPerDb } from "../db/prepared";
import { enrolments, patientSessions, patients, portalSessions, programmes, users } from "../db/schema";
import type { AppEnv, Principal } from "../env";
import { ProblemError } from "../http/problem";
import { newToken, sha256 } from "./crypto";

export const SESSION_COOKIE = "steady_session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// The patient session with everything a patient request needs, in one prepared query.
const patientSession = preparedPerDb((db) =>
  db
    .select({
      patientId: patients.id,
      timezone: patients.timezone,
      bpSys: patients.bpTargetSystolic,
      bpDia: patients.bpTargetDiastolic,
      thresholds: programmes.thresholds,
    })
    .from(patientSessions)
    .innerJoin(patients, eq(patients.id, patientSessions.patientId))
    .leftJoin(enrolments, and(eq(enrolments.patientId, patients.id), eq(enrolments.status, "active")))
    .leftJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .where(
      and(
        eq(patientSessions.id, sql.placeholder("hash")),
        gt(patientSessions.expiresAt, sql.placeholder("now")),
      ),
    )
    .limit(1)
    .prepare(),
);

// Hashing a token is a pure function: remember recent ones (a patient's app sends the same token
// on every request) instead of a WebCrypto round trip each time. Bounded; cleared when full.
const TOKEN_HASHES_MAX = 10_000;
const tokenHashes = new Map<string, string>();

async function tokenHash(token: string): Promise<string> {
  const hit = tokenHashes.get(token);
  if (hit !== undefined) return hit;
  const hash = await sha256(token);
  if (tokenHashes.size >= TOKEN_HASHES_MAX) tokenHashes.clear();
  tokenHashes.set(token, hash);
  return hash;
}

export async function authenticate(c: Context<AppEnv>): Promise<Principal | null> {
  const { db, clock } = c.var.deps;
  const header = c.req.header("authorization");
  if (header?.startsWith("Bearer ")) {
    const [row] = await patientSession(db).all({ hash: await tokenHash(header.slice(7)), now: clock() });
    if (!row) return null;
    const thresholds = (row.thresholds as Thresholds | null) ?? DEFAULT_THRESHOLDS;
    return {
      role: "patient",
      patientId: row.patientId,
      timezone: row.timezone,
      thresholds,
      bpTarget: {
        systolic: row.bpSys ?? thresholds.bp.homeTargetSystolic,
        diastolic: row.bpDia ?? thresholds.bp.homeTargetDiastolic,
      },
    };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const [row] = await db
    .select({ userId: users.id, role: users.role, name: users.name })
    .from(portalSessions)
    .innerJoin(users, eq(users.id, portalSessions.userId))
    .where(and(eq(portalSessions.id, await sha256(cookie)), gt(portalSessions.expiresAt, clock())));
  if (!row) return null;
  if (UNSAFE.has(c.req.method)) assertSameOrigin(c);
  return { role: row.role, userId: row.userId, name: row.name };
}

/** CSRF defence for cookie sessions: a state change must come from our own (or a trusted) origin. */
function assertSameOrigin(c: Context<AppEnv>) {
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  if (!origin || (origin !== own && !c.var.deps.config.trustedOrigins.includes(origin))) {
    throw new ProblemError(
      403,
      "cross-origin request refused (CSRF protection): send the Origin header of the portal",
    );
  }
}

export async function startPatientSession(c: Context<AppEnv>, patientId: string): Promise<string> {
  const { db, clock, config } = c.var.deps;
  const token = newToken();
  await db
    .insert(patientSessions)
    .values({ id: await sha256(token), patientId, expiresAt: clock() + config.patientSessionTtlMs });
  return token;
}

export async function startPortalSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const { db, clock, config } = c.var.deps;
  const token = newToken();
  const now = clock();
  await db
    .insert(portalSessions)
    .values({ id: await sha256(token), userId, expiresAt: now + config.portalSessionTtlMs, createdAt: now });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: config.secureCookies,
    path: "/",
    maxAge: Math.floor(config.portalSessionTtlMs / 1000),
  });
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const { db } = c.var.deps;
  const header = c.req.header("authorization");
  if (header?.startsWith("Bearer ")) {
    await db.delete(patientSessions).where(eq(patientSessions.id, await sha256(header.slice(7))));
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    await db.delete(portalSessions).where(eq(portalSessions.id, await sha256(cookie)));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
  }
}
