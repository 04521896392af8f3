// The rep's onboarding flow over the real app and a real libSQL file: create a clinic, record the
// agreement, invite a doctor, the doctor accepts (single-use, expiring link) and signs in, the
// rep prints the poster's QR, a patient enrols with that code, and the rep's dashboard shows the
// clinic's first patient as "<5". Also: scoping between reps, code revoke/replace, settings.
import { inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { hashPassword } from "../auth/crypto";
import { users } from "../db/schema";
import { qrPng } from "./qr-routes";

let t: TestApp;
let rep: string;
let clinicId: string;
let inviteLink: string;
let doctorCode: string;
const DAY = 24 * 3600_000;

/** Approves a rep's invite as the platform admin and reads the link from the dev outbox. */
async function approveAndReadLink(inviteId: string, email: string) {
  const admin = await t.portalLogin("admin@demo.test");
  const ok = await t.call("POST", `/api/v1/clinics/${clinicId}/invites/${inviteId}/approve`, {
    cookie: admin,
  });
  expect(ok.status).toBe(200);
  expect(ok.json.status).toBe("pending");
  const outbox = await t.call("GET", "/api/v1/dev/outbox");
  const message = outbox.json.messages.find((m: { to: string }) => m.to === email);
  const link = /https:\/\/steady\.test\/invite\/[A-Za-z0-9_-]+/.exec(message.body)?.[0];
  expect(link).toBeDefined();
  return link as string;
}

async function login(email: string, password: string) {
  const r = await t.call("POST", "/api/v1/auth/login", { body: { email, password } });
  expect(r.status).toBe(200);
  return (r.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

beforeAll(async () => {
  t = await makeTestApp({ patients: 10 });
  rep = await t.portalLogin("rep@demo.test");
  // A second rep who onboards nothing: they must never see the first rep's clinics.
  await t.db.insert(users).values({
    id: "user-rep2",
    email: "rep2@demo.test",
    name: "医药代表 二",
    role: "rep",
    passwordHash: await hashPassword("steady-demo"),
    createdAt: t.now,
  });
});
afterAll(() => t.close());

describe("onboarding a clinic", () => {
  it("creates a clinic from hospital, department, city and level, in the rep's name", async () => {
    const badLevel = await t.call("POST", "/api/v1/clinics", {
      cookie: rep,
      body: { city: "成都", level: "五级" },
    });
    expect(badLevel.status).toBe(422);
    expect(badLevel.json.errors.map((e: { path: string }) => e.path)).toEqual(["level"]);
    const noName = await t.call("POST", "/api/v1/clinics", {
      cookie: rep,
      body: { city: "成都", level: "三级" },
    });
    expect(noName.status).toBe(422);
    expect(noName.json.errors.map((e: { path: string }) => e.path)).toEqual(["hospital"]);
    const r = await t.call("POST", "/api/v1/clinics", {
      cookie: rep,
      body: { hospital: "四川大学华西医院", department: "心内科", city: "成都", level: "三级" },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      name: "四川大学华西医院 心内科",
      city: "成都",
      level: "三级",
      region: "西南",
      stage: "created",
      agreement: null,
    });
    clinicId = r.json.id;
    // The contract's shape {name, city, level} (docs/api.md) still works.
    const plain = await t.call("POST", "/api/v1/clinics", {
      cookie: rep,
      body: { name: "社区卫生服务中心", city: "杭州", level: "社区" },
    });
    expect(plain.status).toBe(201);
    expect(plain.json.region).toBe("华东");
  });

  it("records the signed agreement", async () => {
    const r = await t.call("POST", `/api/v1/clinics/${clinicId}/agreement`, {
      cookie: rep,
      body: { signedOn: "2026-11-18", documentRef: "HX-2026-041" },
    });
    expect(r.status).toBe(201);
    const detail = await t.call("GET", `/api/v1/clinics/${clinicId}`, { cookie: rep });
    expect(detail.json.agreement).toEqual({ signedOn: "2026-11-18", documentRef: "HX-2026-041" });
  });

  it("invites a doctor: approved by an admin, the link is mailed; its token is stored only as a hash", async () => {
    const r = await t.call("POST", `/api/v1/clinics/${clinicId}/invites`, {
      cookie: rep,
      body: { email: "Dr.Zhao@Hospital.cn", role: "doctor", name: "赵医生" },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      email: "dr.zhao@hospital.cn",
      role: "doctor",
      status: "pending_approval",
    });
    expect(r.json.link).toBeUndefined();
    inviteLink = await approveAndReadLink(r.json.id, "dr.zhao@hospital.cn");
    const token = inviteLink.split("/invite/")[1] as string;
    expect(token.length).toBeGreaterThan(40);
    const rows = await t.db.query.clinicInvites.findMany();
    expect(JSON.stringify(rows)).not.toContain(token);
    const detail = await t.call("GET", `/api/v1/clinics/${clinicId}`, { cookie: rep });
    expect(detail.json.stage).toBe("invited");
    // The rep sees that an invite is pending, not whose email it went to.
    expect(detail.json.invites[0]).toMatchObject({
      email: null,
      name: null,
      role: "doctor",
      status: "pending",
    });
  });

  it("the invitee sees the clinic, sets a password once, and signs in; the link then stops working", async () => {
    const token = inviteLink.split("/invite/")[1] as string;
    const info = await t.call("GET", `/api/v1/invites/${token}`);
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      clinic: { name: "四川大学华西医院 心内科" },
      role: "doctor",
    });
    expect(info.json.hasAccount).toBeUndefined();
    const short = await t.call("POST", `/api/v1/invites/${token}/accept`, {
      body: { name: "赵医生", password: "short" },
    });
    expect(short.status).toBe(422);
    const ok = await t.call("POST", `/api/v1/invites/${token}/accept`, {
      body: { name: "赵明 医生", password: "zhao-secret-2026" },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.user).toMatchObject({ email: "dr.zhao@hospital.cn", role: "doctor", name: "赵明 医生" });
    doctorCode = ok.json.code;
    expect(doctorCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const again = await t.call("POST", `/api/v1/invites/${token}/accept`, {
      body: { name: "someone", password: "another-password" },
    });
    expect(again.status).toBe(410);
    expect((await t.call("GET", `/api/v1/invites/${token}`)).status).toBe(410);

    const doctor = await login("dr.zhao@hospital.cn", "zhao-secret-2026");
    const codes = await t.call("GET", "/api/v1/codes", { cookie: doctor });
    expect(codes.json).toEqual([
      expect.objectContaining({ code: doctorCode, clinicId, doctorName: "赵明 医生" }),
    ]);
    const detail = await t.call("GET", `/api/v1/clinics/${clinicId}`, { cookie: rep });
    expect(detail.json.stage).toBe("doctor_active");
  });

  it("an invite expires after 7 days, and a newer invite replaces an open one", async () => {
    const first = await t.call("POST", `/api/v1/clinics/${clinicId}/invites`, {
      cookie: rep,
      body: { email: "nurse.li@hospital.cn", role: "assistant" },
    });
    const second = await t.call("POST", `/api/v1/clinics/${clinicId}/invites`, {
      cookie: rep,
      body: { email: "nurse.li@hospital.cn", role: "assistant" },
    });
    const tok = (link: string) => link.split("/invite/")[1] as string;
    const admin = await t.portalLogin("admin@demo.test");
    // The first was replaced before anyone approved it: it can no longer be approved.
    const stale = await t.call("POST", `/api/v1/clinics/${clinicId}/invites/${first.json.id}/approve`, {
      cookie: admin,
    });
    expect(stale.status).toBe(409);
    const secondLink = await approveAndReadLink(second.json.id, "nurse.li@hospital.cn");
    const third = await t.call("POST", `/api/v1/clinics/${clinicId}/invites`, {
      cookie: admin,
      body: { email: "nurse.wu@hospital.cn", role: "assistant" },
    });
    expect(third.json.status).toBe("pending"); // an admin's own invite is sent at once
    const start = t.now;
    t.setNow(start + 7 * DAY + 1);
    const late = await t.call("POST", `/api/v1/invites/${tok(secondLink)}/accept`, {
      body: { name: "李护士", password: "nurse-li-password" },
    });
    expect(late.status).toBe(410);
    expect(late.json.detail).toMatch(/expired/);
    t.setNow(start);
    expect((await t.call("GET", "/api/v1/invites/not-a-real-token")).status).toBe(404);
  });

  it("an email registered with another role is told so only after its password proves it", async () => {
    const r = await t.call("POST", `/api/v1/clinics/${clinicId}/invites`, {
      cookie: rep,
      body: { email: "manager@demo.test", role: "doctor" },
    });
    expect(r.status).toBe(201); // the rep learns nothing about which emails are registered
    const token = (await approveAndReadLink(r.json.id, "manager@demo.test")).split("/invite/")[1];
    const wrong = await t.call("POST", `/api/v1/invites/${token}/accept`, {
      body: { name: "x", password: "not-the-password" },
    });
    expect(wrong.status).toBe(401);
    const right = await t.call("POST", `/api/v1/invites/${token}/accept`, {
      body: { name: "x", password: "steady-demo" },
    });
    expect(right.status).toBe(409);
  });
});

describe("codes and posters", () => {
  it("the QR is a PNG of the code (its pixels decoded here by a QR reader)", async () => {
    const r = await t.app.request(`http://localhost/api/v1/codes/${doctorCode}/qr.png`, {
      headers: { cookie: rep },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("image/png");
    expect(r.headers.get("x-qr-source")).toBe("local");
    const png = new Uint8Array(await r.arrayBuffer());
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Read the pixels back (8-bit greyscale, one filter byte per row) and let a QR reader at them.
    const view = new DataView(png.buffer);
    const side = view.getUint32(16);
    const idat = png.slice(33 + 8, 33 + 8 + view.getUint32(33));
    const raw = inflateSync(idat);
    expect(raw.length).toBe(side * (side + 1));
    const rgba = new Uint8ClampedArray(side * side * 4);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const grey = raw[y * (side + 1) + 1 + x] as number;
        rgba.set([grey, grey, grey, 255], (y * side + x) * 4);
      }
    }
    expect(jsQR(rgba, side, side)?.data).toBe(doctorCode);
  });

  it("in production the QR is WeChat's mini-program code for the same scene", async () => {
    const asked: unknown[] = [];
    const w = await makeTestApp({
      wechat: {
        codeToSession: async (code: string) => ({ openid: `wx:${code}` }),
        getUnlimitedQrCode: async (req: unknown) => {
          asked.push(req);
          return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
        },
      } as never,
    });
    try {
      const cookie = await w.portalLogin("rep@demo.test");
      const r = await w.app.request("http://localhost/api/v1/codes/A-DEMO-CHEN/qr.png", {
        headers: { cookie },
      });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("image/jpeg");
      expect(asked).toEqual([
        { scene: "A-DEMO-CHEN", page: "pages/enrol/index", checkPath: false, width: 430 },
      ]);
    } finally {
      w.close();
    }
  });

  it("poster data names the clinic and doctor; another rep gets 404", async () => {
    const r = await t.call("GET", `/api/v1/codes/${doctorCode}/poster`, { cookie: rep });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      code: doctorCode,
      scene: doctorCode,
      clinic: { name: "四川大学华西医院 心内科" },
      doctor: { name: "赵明 医生" },
      revoked: false,
    });
    const other = await login("rep2@demo.test", "steady-demo");
    expect((await t.call("GET", `/api/v1/codes/${doctorCode}/poster`, { cookie: other })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/codes/${doctorCode}/qr.png`, { cookie: other })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/clinics/${clinicId}`, { cookie: other })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/clinics", { cookie: other })).json).toEqual([]);
    expect((await t.call("GET", "/api/v1/reports/clinics", { cookie: other })).json).toEqual([]);
  });

  it("revoking says why; the revoked code no longer enrols, its replacement does", async () => {
    const noReason = await t.call("POST", `/api/v1/codes/${doctorCode}/replace`, { cookie: rep, body: {} });
    expect(noReason.status).toBe(422);
    const r = await t.call("POST", `/api/v1/codes/${doctorCode}/replace`, {
      cookie: rep,
      body: { reason: "海报丢失" },
    });
    expect(r.status).toBe(201);
    const fresh = r.json.code as string;
    expect(fresh).not.toBe(doctorCode);
    const patient = await t.patientLogin("revoked-code-patient");
    const enrol = (code: string) =>
      t.call("POST", "/api/v1/enrol", {
        token: patient,
        body: {
          code,
          consent: { version: "2026-01", accepted: true },
          profile: { name: "测试", birthYear: 1960, sex: "male" },
        },
      });
    expect((await enrol(doctorCode)).status).toBe(422);
    expect((await t.call("GET", `/api/v1/codes/${doctorCode}/qr.png`, { cookie: rep })).status).toBe(410);
    const poster = await t.call("GET", `/api/v1/codes/${doctorCode}/poster`, { cookie: rep });
    expect(poster.json).toMatchObject({ revoked: true, replacedBy: fresh });
    doctorCode = fresh;
    expect((await enrol(fresh)).status).toBe(201);
  });
});

describe("the rep's dashboard", () => {
  it("shows the clinic with its first patient as <5, and only the rep's clinics", async () => {
    const r = await t.call("GET", "/api/v1/reports/clinics", { cookie: rep });
    expect(r.status).toBe(200);
    const row = r.json.find((x: { clinicId: string }) => x.clinicId === clinicId);
    expect(row).toMatchObject({ name: "四川大学华西医院 心内科", stage: "first_patient", enrolled: "<5" });
    const onboarded = new Set(
      (await t.db.query.clinics.findMany()).filter((c) => c.onboardedBy === "user-rep").map((c) => c.id),
    );
    expect(r.json.every((x: { clinicId: string }) => onboarded.has(x.clinicId))).toBe(true);
  });

  it("no response to a rep carries a patient or a per-doctor count", async () => {
    const names = (await t.db.query.patients.findMany()).map((p) => p.name).filter(Boolean) as string[];
    const bodies = await Promise.all(
      ["/api/v1/reports/clinics", "/api/v1/clinics", `/api/v1/clinics/${clinicId}`, "/api/v1/codes"].map(
        async (p) => JSON.stringify((await t.call("GET", p, { cookie: rep })).json),
      ),
    );
    for (const body of bodies) {
      for (const name of names) expect(body).not.toContain(name);
      expect(body).not.toMatch(/patientId|openid|phone|systolic/);
    }
    // The clinic's team as counts only: no member or invitee by name or email (issue #15).
    const detail = JSON.parse(bodies[2] as string);
    expect(detail.members).toEqual([]);
    expect(detail.doctors).toBeGreaterThan(0);
    for (const i of detail.invites) expect([i.email, i.name]).toEqual([null, null]);
    expect(bodies[2]).not.toContain("@");
    // The admin, who manages accounts, still sees who is on the team.
    const admin = await t.portalLogin("admin@demo.test");
    const forAdmin = await t.call("GET", `/api/v1/clinics/${clinicId}`, { cookie: admin });
    expect(forAdmin.json.members.length).toBe(detail.doctors + detail.assistants);
    for (const m of forAdmin.json.members)
      expect(Object.keys(m).sort()).toEqual(["email", "id", "name", "role"]);
    // Doctors appear by name only on their enrolment codes (for posters), never with a number attached.
    for (const k of detail.codes) {
      const numeric = Object.entries(k).filter(([, v]) => typeof v === "number");
      expect(numeric).toEqual([]);
    }
  });

  it("exports the rep's clinics as CSV, with <5 as text", async () => {
    const r = await t.app.request("http://localhost/api/v1/reports/clinics.csv", {
      headers: { cookie: rep },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/csv");
    const text = await r.text();
    expect(text).toContain("四川大学华西医院 心内科");
    expect(text).toContain("<5");
  });

  it("reps and managers get 403 on patient routes", async () => {
    const manager = await t.portalLogin("manager@demo.test");
    for (const cookie of [rep, manager]) {
      for (const path of [
        "/api/v1/patients",
        "/api/v1/patients/export.csv",
        "/api/v1/alerts",
        "/api/v1/follow-ups",
      ]) {
        expect((await t.call("GET", path, { cookie })).status, path).toBe(403);
      }
    }
  });
});

describe("programme settings", () => {
  it("an admin edits targets, conditions, education and consent; a manager reads; a rep cannot", async () => {
    const admin = await t.portalLogin("admin@demo.test");
    const manager = await t.portalLogin("manager@demo.test");
    const before = await t.call("GET", "/api/v1/programme/settings", { cookie: manager });
    expect(before.json.targets).toEqual({
      baselineAdherence: 0.65,
      targetAdherence: 0.8,
      enrolmentTarget: 2000,
    });
    expect(before.json.education.length).toBeGreaterThan(3);
    const wrong = await t.call("PUT", "/api/v1/programme/settings", {
      cookie: admin,
      body: { targets: { baselineAdherence: 0.7, targetAdherence: 0.6, enrolmentTarget: 2000 } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors[0].path).toBe("targets.targetAdherence");
    const ok = await t.call("PUT", "/api/v1/programme/settings", {
      cookie: admin,
      headers: { "if-match": before.headers.get("etag") ?? "" },
      body: {
        conditions: ["hypertension"],
        targets: { baselineAdherence: 0.6, targetAdherence: 0.85, enrolmentTarget: 2500 },
        education: [
          {
            id: "salt",
            zh: { title: "少吃盐", body: "每天不超过5克" },
            en: { title: "Less salt", body: "Under 5 g" },
          },
        ],
        consent: { version: "2026-02", text: "我同意参加稳稳项目……" },
      },
    });
    expect(ok.status).toBe(200);
    const after = await t.call("GET", "/api/v1/programme/settings", { cookie: manager });
    expect(after.json).toMatchObject({
      conditions: ["hypertension"],
      targets: { baselineAdherence: 0.6, targetAdherence: 0.85, enrolmentTarget: 2500 },
      consent: { version: "2026-02", text: "我同意参加稳稳项目……" },
    });
    expect(after.json.education).toHaveLength(1);
    const report = await t.call("GET", "/api/v1/reports/programme", { cookie: manager });
    expect(report.json.programme.targets.enrolmentTarget).toBe(2500);
    // New enrolments must accept the new consent version.
    const enrolInfo = await t.call("GET", "/api/v1/enrol/A-DEMO-CHEN", {
      token: await t.patientLogin("new-consent"),
    });
    expect(enrolInfo.json.programme.consentVersion).toBe("2026-02");
    expect((await t.call("PUT", "/api/v1/programme/settings", { cookie: rep, body: {} })).status).toBe(403);
    expect((await t.call("PUT", "/api/v1/programme/settings", { cookie: manager, body: {} })).status).toBe(
      403,
    );
  });
});

describe("PNG encoder", () => {
  it("writes a valid PNG whose size follows the QR version", async () => {
    const png = await qrPng("A");
    const side = new DataView(png.buffer).getUint32(16);
    expect(side).toBe((21 + 8) * 10); // version 1: 21 modules, 4-module quiet zone each side
  });
});
