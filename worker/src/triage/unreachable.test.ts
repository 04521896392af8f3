// A patient no reminder channel reaches is shown to their doctor, with why, and the mark clears
// as soon as a channel opens (read live, not from the snapshot).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { reminderReach, smsContacts } from "../db/schema";

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp({ patients: 6 });
  cookie = await t.portalLogin("doctor.a@demo.test");
});
afterAll(() => t.close());

type Row = {
  patientId: string;
  tier: string;
  reasonCodes: { code: string }[];
  unreachable: { wechat: string; sms: string } | null;
};
const list = async () => (await t.call("GET", "/api/v1/patients", { cookie })).json as Row[];

it("marks an unreachable patient for attention with the reason, and clears it when SMS consent arrives", async () => {
  const before = await list();
  const stable = before.find((r) => r.tier === "stable") ?? before[before.length - 1];
  const id = stable?.patientId as string;
  expect(before.find((r) => r.patientId === id)?.unreachable).toBeNull();

  const at = t.now - 3600_000;
  await t.db.insert(reminderReach).values({
    patientId: id,
    reachable: 0 as never,
    channel: "none",
    wechat: "no_quota",
    sms: "no_consent",
    since: at,
    at,
  });
  const marked = (await list()).find((r) => r.patientId === id);
  expect(marked?.unreachable).toMatchObject({ wechat: "no_quota", sms: "no_consent" });
  expect(marked?.reasonCodes.map((c) => c.code)).toContain("unreachable");
  expect(marked?.tier).not.toBe("stable");
  expect(marked?.reasonCodes).toContainEqual({ code: "unreachable", wechat: "no_quota", sms: "no_consent" });

  await t.db.insert(smsContacts).values({
    patientId: id,
    phone: "+8613812345678",
    consent: 1 as never,
    consentVersion: "2026-01",
    consentedAt: t.now,
    updatedAt: t.now,
  });
  const cleared = (await list()).find((r) => r.patientId === id);
  expect(cleared?.unreachable).toBeNull();
  expect(cleared?.reasonCodes.map((c) => c.code)).not.toContain("unreachable");
  await t.db.delete(smsContacts).where(eq(smsContacts.patientId, id));
});
