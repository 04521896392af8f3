// Invites as a trust boundary (issue 11): a rep can no longer reach a clinic's patients by inviting
// an email it controls. A rep's invite waits for a doctor of the clinic or an admin; the link goes
// only to the invitee (the outbox); no rep response ever holds the token; accepting for an
// existing account is a login through the same lockout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { DEMO_PASSWORD } from "../seed/demo";

let t: TestApp;
let rep: string;
let clinicA: string;
/** Every body a rep received in this file, scanned for tokens at the end. */
const repBodies: string[] = [];

async function asRep(method: string, path: string, body?: unknown) {
  const r = await t.call(method, path, { cookie: rep, ...(body === undefined ? {} : { body }) });
  repBodies.push(typeof r.json === "string" ? r.json : JSON.stringify(r.json));
  return r;
}

const linksIn = async (email: string) => {
  const r = await t.call("GET", "/api/v1/dev/outbox");
  return r.json.messages
    .filter((m: { to: string }) => m.to === email)
    .map((m: { body: string }) => /https:\/\/steady\.test\/invite\/([A-Za-z0-9_-]+)/.exec(m.body)?.[1]);
};

beforeAll(async () => {
  t = await makeTestApp();
  rep = await t.portalLogin("rep@demo.test");
  const clinics = await asRep("GET", "/api/v1/clinics");
  clinicA = clinics.json.find((c: { name: string }) => c.name.includes("A") || c.name.includes("陈")).id;
  if (!clinicA) clinicA = clinics.json[0].id;
});
afterAll(() => t.close());

describe("a rep's invite", () => {
  let inviteId: string;

  it("is pending_approval and sends nothing; the response holds no token or link", async () => {
    const r = await asRep("POST", `/api/v1/clinics/${clinicA}/invites`, {
      email: "me.the.rep@gmail.test",
      role: "doctor",
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json).sort()).toEqual(["email", "expiresAt", "id", "role", "status"]);
    expect(r.json.status).toBe("pending_approval");
    inviteId = r.json.id;
    expect(await linksIn("me.the.rep@gmail.test")).toEqual([]);
  });

  it("cannot be approved by the rep, a manager or a doctor of another clinic", async () => {
    const path = `/api/v1/clinics/${clinicA}/invites/${inviteId}/approve`;
    expect((await asRep("POST", path)).status).toBe(403);
    const manager = await t.portalLogin("manager@demo.test");
    expect((await t.call("POST", path, { cookie: manager })).status).toBe(403);
    const doctorB = await t.portalLogin("doctor.b@demo.test");
    expect((await t.call("POST", path, { cookie: doctorB })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/invite-approvals", { cookie: doctorB })).json.invites).toEqual([]);
  });

  it("is listed for a doctor of the clinic, who approves it: only then the link goes to the invitee", async () => {
    const doctorA = await t.portalLogin("doctor.a@demo.test");
    const pending = await t.call("GET", "/api/v1/invite-approvals", { cookie: doctorA });
    expect(pending.json.invites).toEqual([
      expect.objectContaining({
        id: inviteId,
        status: "pending_approval",
        invitedBy: expect.objectContaining({ role: "rep" }),
      }),
    ]);
    const list = await t.call("GET", `/api/v1/clinics/${clinicA}/invites`, { cookie: doctorA });
    expect(list.json.invites[0]).toMatchObject({ id: inviteId, status: "pending_approval" });
    const ok = await t.call("POST", `/api/v1/clinics/${clinicA}/invites/${inviteId}/approve`, {
      cookie: doctorA,
    });
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe("pending");
    expect(JSON.stringify(ok.json)).not.toMatch(/invite\//);
    const again = await t.call("POST", `/api/v1/clinics/${clinicA}/invites/${inviteId}/approve`, {
      cookie: doctorA,
    });
    expect(again.status).toBe(409);
    const links = await linksIn("me.the.rep@gmail.test");
    expect(links).toHaveLength(1);
  });

  it("the link is built from PUBLIC_ORIGIN, not from the Host the caller sent", async () => {
    const admin = await t.portalLogin("admin@demo.test");
    // The request arrives for Host evil.example (as a client or a misconfigured proxy can send).
    const res = await t.app.request(`http://evil.example/api/v1/clinics/${clinicA}/invites`, {
      method: "POST",
      headers: { cookie: admin, "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ email: "host.check@hospital.test", role: "assistant" }),
    });
    expect(res.status).toBe(201);
    const outbox = await t.call("GET", "/api/v1/dev/outbox");
    const message = outbox.json.messages.find((m: { to: string }) => m.to === "host.check@hospital.test");
    expect(message.body).toContain("https://steady.test/invite/");
    expect(message.body).not.toContain("evil.example");
  });

  it("no response a rep received, before or after approval, holds the token", async () => {
    await asRep("GET", `/api/v1/clinics/${clinicA}`);
    await asRep("GET", `/api/v1/clinics/${clinicA}/invites`);
    await asRep("GET", "/api/v1/clinics");
    await asRep("GET", "/api/v1/codes");
    const [token] = await linksIn("me.the.rep@gmail.test");
    expect(token).toBeTruthy();
    expect(repBodies.length).toBeGreaterThan(5);
    for (const body of repBodies) {
      expect(body).not.toContain(token);
      expect(body).not.toMatch(/\/invite\/[A-Za-z0-9_-]{20,}/);
    }
  });
});

describe("the dev outbox", () => {
  it("answers 404 in production mode (JSON and page)", async () => {
    const prod = await makeTestApp({ config: { mode: "production" } });
    try {
      expect((await prod.call("GET", "/api/v1/dev/outbox")).status).toBe(404);
      expect((await prod.call("GET", "/api/v1/dev/outbox.html")).status).toBe(404);
    } finally {
      prod.close();
    }
  });

  it("is a page in dev mode, with the page CSP", async () => {
    const r = await t.call("GET", "/api/v1/dev/outbox.html");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/html");
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(r.json).toContain("me.the.rep@gmail.test");
  });
});

describe("accepting for an email that already has an account", () => {
  let token: string;
  beforeAll(async () => {
    const admin = await t.portalLogin("admin@demo.test");
    // assistant.a is already an assistant of clinic A; invite them to clinic B.
    const clinics = await t.call("GET", "/api/v1/clinics", { cookie: admin });
    const clinicB = clinics.json.find((c: { id: string }) => c.id !== clinicA).id;
    const r = await t.call("POST", `/api/v1/clinics/${clinicB}/invites`, {
      cookie: admin,
      body: { email: "assistant.a@demo.test", role: "assistant" },
    });
    expect(r.status).toBe(201);
    [token] = await linksIn("assistant.a@demo.test");
  });

  it("the invite page does not say whether the email has an account", async () => {
    const info = await t.call("GET", `/api/v1/invites/${token}`);
    expect(info.status).toBe(200);
    expect(info.json).not.toHaveProperty("hasAccount");
  });

  it("wrong passwords count in the login lockout: 40 parallel guesses get at most 5 checks", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.call("POST", `/api/v1/invites/${token}/accept`, {
          body: { name: "guess", password: `guess-${i}-xx` },
          headers: { "x-test-client": `203.0.113.${i}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 423)).toBe(true);
    // The same lockout as /auth/login: the account's right password is refused there too.
    const login = await t.call("POST", "/api/v1/auth/login", {
      body: { email: "assistant.a@demo.test", password: DEMO_PASSWORD },
    });
    expect(login.status).toBe(423);
    const accept = await t.call("POST", `/api/v1/invites/${token}/accept`, {
      body: { name: "guess", password: DEMO_PASSWORD },
    });
    expect(accept.status).toBe(423);
  });

  it("after the lock, the account's own password joins it to the clinic (no new account)", async () => {
    t.setNow(t.now + 15 * 60_000 + 1);
    const ok = await t.call("POST", `/api/v1/invites/${token}/accept`, {
      body: { name: "ignored", password: DEMO_PASSWORD },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.user.email).toBe("assistant.a@demo.test");
    expect(ok.json.user.name).not.toBe("ignored");
  });
});
