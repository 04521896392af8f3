// The whole local stack for cross-package tests: the real Node server (API + built portal) on a
// free port, over a fresh libSQL file seeded with the demo data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "@steady/worker/node";

export interface StackOptions {
  /** Demo patients to seed (default 20: enough for every tier, quick to create). */
  patients?: number;
  env?: Record<string, string>;
}

export async function startStack(opts: StackOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "steady-stack-"));
  const server = await startServer({
    port: 0,
    dbUrl: `file:${join(dir, "steady.db")}`,
    seedPatients: opts.patients ?? 20,
    quiet: true,
    env: { STEADY_MODE: "dev", ...opts.env },
  });
  return {
    baseUrl: server.baseUrl,
    db: server.db,
    codes: { clinicA: "A-DEMO-CHEN", clinicB: "B-DEMO-WANG" },
    password: "steady-demo",
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

export interface StackCall {
  body?: unknown;
  token?: string;
  cookie?: string;
  /** More request headers (If-Match, …). */
  headers?: Record<string, string>;
}

/** Calls the stack's API as a browser of its origin would (JSON, bearer token or session cookie). */
export function stackApi(stack: Stack) {
  return async (method: string, path: string, init: StackCall = {}) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        origin: stack.baseUrl,
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary answer shapes.
    const json: any = text ? JSON.parse(text) : null;
    return { status: res.status, headers: res.headers, json };
  };
}

/**
 * A patient enrolled in clinic A through the API (the enrolment screens have their own test),
 * accepting the consent version the server shows. Answers the session token and patient id.
 */
export async function enrolByApi(
  stack: Stack,
  devName: string,
  profile: { name: string; birthYear: number; sex: "female" | "male" },
) {
  const api = stackApi(stack);
  const token = (await api("POST", "/auth/wechat", { body: { code: `dev:${devName}` } })).json
    .token as string;
  const preview = await api("GET", `/enrol/${stack.codes.clinicA}`, { token });
  const enrol = await api("POST", "/enrol", {
    token,
    body: {
      code: stack.codes.clinicA,
      consent: { version: preview.json.programme.consentVersion, accepted: true },
      profile,
    },
  });
  if (enrol.status !== 201)
    throw new Error(`enrolment answered ${enrol.status}: ${JSON.stringify(enrol.json)}`);
  const patientId = (await api("GET", "/me", { token })).json.patientId as string;
  return { token, patientId };
}

/** The API as one signed-in patient calls it: `(method, path, body?, headers?)` with their token. */
export function patientApi(stack: Stack, token: string) {
  const api = stackApi(stack);
  return (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api(method, path, { token, body, headers });
}

/** A portal session cookie (`name=value`) for a demo account, signed in through the API. */
export async function portalCookieByApi(stack: Stack, email: string) {
  const login = await stackApi(stack)("POST", "/auth/login", { body: { email, password: stack.password } });
  if (login.status !== 200)
    throw new Error(`sign-in answered ${login.status}: ${JSON.stringify(login.json)}`);
  return (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
}
