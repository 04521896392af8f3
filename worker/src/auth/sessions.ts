// Sessions: patients carry a bearer token, portal users an HttpOnly cookie. Only token hashes are stored.
import { DEFAULT_THRESHOLDS, type Thresholds } from "@steady/shared";
import { and, eq, gt } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { mintPatientRef } from "../access/patient-ref";
import { rawRows } from "../db/driver";
import { patientSessions, portalSessions, users } from "../db/schema";
import type { AppEnv, Principal } from "../env";
import { ProblemError } from "../http/problem";
import { newToken, sha256 } from "./crypto";

export const SESSION_COOKIE = "steady_session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// The patient session with everything a patient request needs, in one query. Raw SQL with a
// fixed text (the drivers reuse its prepared statement), not a Drizzle query: Drizzle's mapping
// of this one row cost about as much as running it (ADR 0009).
const PATIENT_SESSION = `
  SELECT p.id, p.timezone, p.bp_target_systolic, p.bp_target_diastolic, pr.thresholds
  FROM patient_sessions s
  JOIN patients p ON p.id = s.patient_id
  LEFT JOIN enrolments e ON e.patient_id = p.id AND e.status = 'active'
  LEFT JOIN programmes pr ON pr.id = e.programme_id
  WHERE s.id = ? AND s.expires_at > ?
  LIMIT 1`;

// A programme's thresholds, parsed once per distinct JSON text (programmes are few and their
// thresholds change rarely; a changed text is a new key). Shared objects: never mutated.
const THRESHOLDS_MAX = 256;
const parsedThresholds = new Map<string, Thresholds>();

function thresholdsOf(json: unknown): Thresholds {
  if (typeof json !== "string") return DEFAULT_THRESHOLDS;
  let t = parsedThresholds.get(json);
  if (t === undefined) {
    t = JSON.parse(json) as Thresholds;
    if (parsedThresholds.size >= THRESHOLDS_MAX) parsedThresholds.clear();
    parsedThresholds.set(json, t);
  }
  return t;
}

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
    const [row] = await rawRows(db, PATIENT_SESSION, [await tokenHash(header.slice(7)), clock()]);
    if (!row) return null;
    const thresholds = thresholdsOf(row[4]);
    return {
      role: "patient",
      patientId: mintPatientRef(row[0] as string),
      timezone: row[1] as string,
      thresholds,
      bpTarget: {
        systolic: (row[2] as number | null) ?? thresholds.bp.homeTargetSystolic,
        diastolic: (row[3] as number | null) ?? thresholds.bp.homeTargetDiastolic,
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
  const { trustedOrigins, publicOrigin } = c.var.deps.config;
  // Behind a proxy the request URL may not be the public one: PUBLIC_ORIGIN is ours too.
  if (!origin || (origin !== own && origin !== publicOrigin && !trustedOrigins.includes(origin))) {
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
