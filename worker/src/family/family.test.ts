// Family follow over the real app and a real libSQL file: the patient invites with a consent of
// its own, the family member (a second WeChat login) accepts and sees only what is shared, the
// patient changes it or revokes, and the very next read shows it. Every read is audited.
import { FAMILY_CONSENT_VERSION } from "@steady/shared";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../app.test-support";
import { auditEvents, familyLinks } from "../db/schema";
import { INVITE_TTL_MS, maskName } from "./links";

let t: TestApp;
let n = 0;
const uuid = () => `0194f3a0-0000-7000-8000-${String(++n).padStart(12, "0")}`;

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const ALL = { doses: true, bp: true, glucose: true };
const consent = { version: FAMILY_CONSENT_VERSION, accepted: true };

/** An enrolled patient with a 08:00 plan, a BP reading and a glucose reading today. */
async function patientWithData(name: string) {
  const token = await t.enrolledPatient(name);
  const planId = uuid();
  expect((await t.addPlan(token, { id: planId, times: ["08:00"], startDate: "2026-11-01" })).status).toBe(
    201,
  );
  // T0 is 10:00 in Shanghai: the 08:00 dose is taken, then one of each reading.
  await t.call("POST", "/api/v1/me/doses", {
    token,
    body: { id: uuid(), planId, scheduledAt: "2026-11-20T08:00:00+08:00", status: "taken" },
  });
  await t.call("POST", "/api/v1/me/bp", {
    token,
    body: { id: uuid(), systolic: 142, diastolic: 88, measuredAt: "2026-11-20T09:00:00+08:00" },
  });
  await t.call("POST", "/api/v1/me/glucose", {
    token,
    body: {
      id: uuid(),
      value: 6.1,
      unit: "mmol/L",
      context: "fasting",
      measuredAt: "2026-11-20T07:30:00+08:00",
    },
  });
  const me = await t.call("GET", "/api/v1/me", { token });
  return { token, patientId: me.json.patientId as string };
}

async function invite(token: string, share = ALL, notices = true) {
  const r = await t.call("POST", "/api/v1/family/invites", {
    token,
    body: { id: uuid(), share, notices, consent },
  });
  expect(r.status).toBe(201);
  return r.json as { id: string; code: string; status: string; path: string };
}

/** A family member: their own WeChat login, never enrolled. */
async function follower(name: string) {
  const token = await t.patientLogin(name);
  const me = await t.call("POST", "/api/v1/auth/wechat", { body: { code: `dev:${name}` } });
  return { token, id: me.json.patientId as string };
}

async function accept(token: string, code: string, label = "女儿") {
  return t.call("POST", `/api/v1/family/invites/${code}/accept`, { token, body: { label } });
}

const view = (token: string, id: string) => t.call("GET", `/api/v1/family/following/${id}`, { token });

describe("inviting", () => {
  it("needs the separate consent, explicitly, to the current text, and at least one data type", async () => {
    const { token } = await patientWithData("inv-consent");
    const post = (body: object) => t.call("POST", "/api/v1/family/invites", { token, body });
    const base = { id: uuid(), share: ALL, notices: true };
    expect(
      (await post({ ...base, consent: { version: FAMILY_CONSENT_VERSION, accepted: false } })).json.errors,
    ).toEqual([{ path: "consent.accepted", message: expect.any(String) }]);
    expect((await post(base)).status).toBe(422);
    const old = await post({ ...base, consent: { version: "family-2020-01", accepted: true } });
    expect(old.status).toBe(422);
    expect(old.json.errors[0].path).toBe("consent.version");
    const nothing = await post({ ...base, share: { doses: false, bp: false, glucose: false }, consent });
    expect(nothing.status).toBe(422);
    expect(nothing.json.errors[0].path).toBe("share");
    // None of these stored anything.
    expect((await t.call("GET", "/api/v1/family/followers", { token })).json.followers).toEqual([]);
  });

  it("is idempotent on the client's id and gives a code, a share path and a week to accept", async () => {
    const { token } = await patientWithData("inv-idem");
    const body = { id: uuid(), share: { doses: true, bp: false, glucose: false }, notices: false, consent };
    const first = await t.call("POST", "/api/v1/family/invites", { token, body });
    const again = await t.call("POST", "/api/v1/family/invites", { token, body });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.code).toBe(first.json.code);
    expect(first.json.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(first.json.path).toBe(`packages/family/accept?code=${first.json.code}`);
    expect(Date.parse(first.json.expiresAt) - T0).toBe(INVITE_TTL_MS);
    const other = await t.call("POST", "/api/v1/family/invites", { token, body: { ...body, notices: true } });
    expect(other.status).toBe(409);
  });

  // The codes themselves: shared/src/random-code.test.ts.
  it("names are masked in the preview", () => {
    expect(maskName("王秀英")).toBe("王**");
    expect(maskName("李")).toBe("李*");
  });
});

describe("following", () => {
  it("the family member accepts with their own login and sees only the data types shared", async () => {
    const mum = await patientWithData("mum-1");
    const daughter = await follower("daughter-1");
    const inv = await invite(mum.token, { doses: true, bp: false, glucose: false });

    const preview = await t.call("GET", `/api/v1/family/invites/${inv.code}`, { token: daughter.token });
    expect(preview.json).toMatchObject({
      patient: { name: "m****" },
      share: { doses: true, bp: false, glucose: false },
    });
    const ok = await accept(daughter.token, inv.code);
    expect(ok.status).toBe(201);
    expect(ok.json.id).toBe(inv.id);

    const v = await view(daughter.token, inv.id);
    expect(v.status).toBe(200);
    expect(v.json.patient.name).toBe("mum-1");
    expect(v.json.doses.today).toEqual([
      expect.objectContaining({ drug: "氨氯地平", dose: "5 mg", status: "taken", time: "08:00" }),
    ]);
    expect(v.json.doses.week).toMatchObject({ dosesTaken: 1 });
    // Not shared: absent, not merely empty — and nothing of it anywhere in the answer.
    expect(v.json).not.toHaveProperty("bp");
    expect(v.json).not.toHaveProperty("glucose");
    expect(JSON.stringify(v.json)).not.toMatch(/systolic|diastolic|mmol|fasting/);

    // The patient sees who follows, with the label the family member gave.
    const list = await t.call("GET", "/api/v1/family/followers", { token: mum.token });
    expect(list.json.followers).toEqual([
      expect.objectContaining({
        id: inv.id,
        status: "active",
        label: "女儿",
        share: { doses: true, bp: false, glucose: false },
      }),
    ]);
    expect(list.json.followers[0]).not.toHaveProperty("code");

    // The patient shares BP and stops sharing doses: the next read shows exactly that.
    const patched = await t.call("PATCH", `/api/v1/family/followers/${inv.id}`, {
      token: mum.token,
      body: { share: { bp: true, doses: false } },
    });
    expect(patched.json.share).toEqual({ doses: false, bp: true, glucose: false });
    const v2 = await view(daughter.token, inv.id);
    expect(v2.json).not.toHaveProperty("doses");
    expect(v2.json.bp.readings).toEqual([expect.objectContaining({ systolic: 142, diastolic: 88 })]);
    expect(v2.json).not.toHaveProperty("glucose");
    expect(JSON.stringify(v2.json)).not.toContain("氨氯地平");
  });

  it("revocation takes effect at once: the next read is a 404, and the link is gone from both lists", async () => {
    const mum = await patientWithData("mum-2");
    const son = await follower("son-2");
    const inv = await invite(mum.token);
    await accept(son.token, inv.code, "儿子");
    expect((await view(son.token, inv.id)).status).toBe(200);

    const r = await t.call("DELETE", `/api/v1/family/followers/${inv.id}`, { token: mum.token });
    expect(r.status).toBe(200);
    const after = await view(son.token, inv.id);
    expect(after.status).toBe(404);
    expect(JSON.stringify(after.json)).not.toContain("mum-2");
    expect((await t.call("GET", "/api/v1/family/following", { token: son.token })).json.following).toEqual(
      [],
    );
    expect((await t.call("GET", "/api/v1/family/followers", { token: mum.token })).json.followers).toEqual(
      [],
    );
    // Revoking twice, or a revoked invite's code, finds nothing.
    expect((await t.call("DELETE", `/api/v1/family/followers/${inv.id}`, { token: mum.token })).status).toBe(
      404,
    );
    expect((await accept(son.token, inv.code)).status).toBe(404);
  });

  it("a pending invite can be withdrawn before anyone accepts it", async () => {
    const mum = await patientWithData("mum-3");
    const inv = await invite(mum.token);
    expect((await t.call("DELETE", `/api/v1/family/followers/${inv.id}`, { token: mum.token })).status).toBe(
      200,
    );
    const late = await follower("late-3");
    expect((await t.call("GET", `/api/v1/family/invites/${inv.code}`, { token: late.token })).status).toBe(
      404,
    );
    expect((await accept(late.token, inv.code)).status).toBe(404);
  });

  it("a code works once, for a week, and never for the patient themself", async () => {
    const mum = await patientWithData("mum-4");
    const a = await follower("a-4");
    const b = await follower("b-4");
    const inv = await invite(mum.token);
    expect((await accept(mum.token, inv.code)).status).toBe(409);
    expect((await accept(a.token, inv.code)).status).toBe(201);
    expect((await accept(b.token, inv.code)).status).toBe(404); // used
    // b cannot read a's link either.
    expect((await view(b.token, inv.id)).status).toBe(404);
    // Nor can the patient read their own data through the family route.
    expect((await view(mum.token, inv.id)).status).toBe(404);

    const week = await invite(mum.token);
    t.setNow(T0 + INVITE_TTL_MS + 1);
    try {
      expect((await accept(b.token, week.code)).status).toBe(404);
      const list = await t.call("GET", "/api/v1/family/followers", { token: mum.token });
      expect(list.json.followers.map((f: { id: string }) => f.id)).toEqual([inv.id]); // expired one left out
    } finally {
      t.setNow(T0);
    }
  });

  it("the family member can stop following; they never edit anything", async () => {
    const mum = await patientWithData("mum-5");
    const d = await follower("d-5");
    const inv = await invite(mum.token);
    await accept(d.token, inv.code);
    // No family route changes the patient's data; the patient routes act on the caller's own record.
    expect(
      (
        await t.call("PATCH", `/api/v1/family/followers/${inv.id}`, {
          token: d.token,
          body: { notices: false },
        })
      ).status,
    ).toBe(404);
    expect((await t.call("DELETE", `/api/v1/family/followers/${inv.id}`, { token: d.token })).status).toBe(
      404,
    );
    expect((await t.call("DELETE", `/api/v1/family/following/${inv.id}`, { token: d.token })).status).toBe(
      200,
    );
    expect((await view(d.token, inv.id)).status).toBe(404);
  });

  it("audits every family read: one row per read, the family member as actor", async () => {
    const mum = await patientWithData("mum-6");
    const d = await follower("d-6");
    const inv = await invite(mum.token);
    await accept(d.token, inv.code);
    const reads = () =>
      t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.patientId, mum.patientId), eq(auditEvents.action, "family_read")));
    expect(await reads()).toHaveLength(0);
    await view(d.token, inv.id);
    await view(d.token, inv.id);
    await t.call("GET", "/api/v1/family/following", { token: d.token });
    const rows = await reads();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.actorId === d.id && r.role === "family")).toBe(true);
    const actions = (
      await t.db
        .select({ a: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.patientId, mum.patientId))
    ).map((r) => r.a);
    expect(actions).toEqual(
      expect.arrayContaining(["family_invite", "family_accept", "family_read", "family_list"]),
    );
    // A refused read (after revocation) reveals nothing and is not a read.
    await t.call("DELETE", `/api/v1/family/followers/${inv.id}`, { token: mum.token });
    await view(d.token, inv.id);
    expect(await reads()).toHaveLength(2);
  });

  it("the export lists the links (never the code); erasing the patient ends every link", async () => {
    const mum = await patientWithData("mum-7");
    const d = await follower("d-7");
    const inv = await invite(mum.token);
    await accept(d.token, inv.code);
    const exp = await t.call("GET", "/api/v1/me/export", { token: mum.token });
    expect(exp.json.familyLinks).toEqual([
      expect.objectContaining({ id: inv.id, role: "shared_by_me", followerAccepted: true }),
    ]);
    expect(JSON.stringify(exp.json)).not.toContain(inv.code);
    const theirs = await t.call("GET", "/api/v1/me/export", { token: d.token });
    expect(theirs.json.familyLinks).toEqual([
      expect.objectContaining({ id: inv.id, role: "followed_by_me" }),
    ]);

    expect((await t.call("DELETE", "/api/v1/me", { token: mum.token })).status).toBe(204);
    expect(await t.db.select().from(familyLinks).where(eq(familyLinks.id, inv.id))).toEqual([]);
    expect((await view(d.token, inv.id)).status).toBe(404);
  });
});

describe("SMS settings", () => {
  it("stores a mainland number with the consent to the current text; withdrawing keeps no consent", async () => {
    const token = await t.enrolledPatient("sms-settings");
    const put = (body: object) => t.call("PUT", "/api/v1/me/sms", { token, body });
    const cur = (await t.call("GET", "/api/v1/me/sms", { token })).json;
    expect(cur).toMatchObject({ phone: null, consent: false, currentConsentVersion: "sms-2026-01" });
    expect(
      (await put({ phone: "12345", consent: { version: "sms-2026-01", accepted: true } })).json.errors[0]
        .path,
    ).toBe("phone");
    expect(
      (await put({ phone: "13812345678", consent: { version: "sms-2019-01", accepted: true } })).status,
    ).toBe(422);
    const ok = await put({ phone: "13812345678", consent: { version: "sms-2026-01", accepted: true } });
    expect(ok.json).toMatchObject({ phone: "13812345678", consent: true, consentVersion: "sms-2026-01" });
    const off = await put({ phone: "13812345678", consent: { version: "sms-2026-01", accepted: false } });
    expect(off.json).toMatchObject({ consent: false, withdrawnAt: expect.any(String) });
    const gone = await t.call("DELETE", "/api/v1/me/sms", { token });
    expect(gone.json).toMatchObject({ phone: null, consent: false });
  });
});
