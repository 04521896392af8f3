import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { enrolRoutes } from "./fixtures";
import { fakeApi, openPage, tap, typeInto } from "./harness";

const open = (page: "enrol" | "today", params: Record<string, string> = {}) => openPage(page, params);

describe("enrolment", () => {
  it("shows clinic and doctor, needs its own explicit consent, and sends the consent version", async () => {
    const api = fakeApi(enrolRoutes());
    const { container } = await open("enrol", { scene: "A-DEMO-CHEN" });
    const doctor = await screen.findByTestId("enrol-doctor");
    expect(doctor.textContent).toContain("协和医院心内科");
    expect(doctor.textContent).toContain("陈晓东");
    await tap(screen.getByTestId("doctor-ok"));

    // Agreeing without ticking does nothing: consent is never implied.
    const consent = screen.getByTestId("enrol-consent");
    expect(consent.textContent).toContain("敏感个人信息");
    expect(consent.textContent).toContain("同意书版本 2026-01");
    expect(screen.getByTestId("consent-agree").getAttribute("aria-disabled")).toBe("true");
    await tap(screen.getByTestId("consent-agree"));
    expect(screen.queryByTestId("enrol-profile")).toBeNull();
    await tap(screen.getByTestId("consent-check"));
    await tap(screen.getByTestId("consent-agree"));

    await screen.findByTestId("enrol-profile");
    typeInto(container, "name", "");
    typeInto(container, "birthYear", "1850");
    typeInto(container, "phone", "12345");
    await tap(screen.getByTestId("enrol-submit"));
    expect(screen.getByTestId("error-name").textContent).toContain("请填写姓名");
    expect(screen.getByTestId("error-birthYear").textContent).toContain("四位数的出生年份");
    expect(screen.getByTestId("error-sex").textContent).toContain("请选择性别");
    expect(screen.getByTestId("error-phone").textContent).toContain("11 位手机号");
    expect(api.calls.some((c) => c.path === "/api/v1/enrol")).toBe(false);

    typeInto(container, "name", "王秀英");
    typeInto(container, "birthYear", "1956");
    typeInto(container, "phone", "");
    await tap(screen.getByTestId("sex-female"));
    await tap(screen.getByTestId("enrol-submit"));
    await screen.findByTestId("enrol-done");
    const sent = api.calls.find((c) => c.method === "POST" && c.path === "/api/v1/enrol");
    expect(sent?.body).toEqual({
      code: "A-DEMO-CHEN",
      consent: { version: "2026-01", accepted: true },
      profile: { name: "王秀英", birthYear: 1956, sex: "female", timezone: "Asia/Shanghai" },
    });
  });

  it("says so when the code is unknown", async () => {
    fakeApi({ "POST /api/v1/auth/wechat": () => ({ token: "t", patientId: "p", enrolled: false }) });
    const { container } = await open("enrol");
    typeInto(container, "code", "NOPE");
    await tap(screen.getByTestId("code-check"));
    await waitFor(() => expect(screen.getByTestId("error-code").textContent).toContain("找不到这个加入码"));
  });
});

describe("today", () => {
  it("lists doses in time order, takes one at once, and lets it be undone before upload", async () => {
    // A fixed "now": 2026-03-02 09:30 in Shanghai (01:30 UTC). The 08:00 dose is due and
    // 1½ h late; the 20:00 one is upcoming.
    const now = Date.parse("2026-03-02T01:30:00Z");
    vi.spyOn(Date, "now").mockReturnValue(now);
    const api = fakeApi({
      "GET /api/v1/me/today": () => ({
        slots: [
          {
            planId: "0190a000-0000-7000-8000-000000000001",
            drug: "二甲双胍",
            dose: "0.5 g",
            scheduledAt: "2026-03-02T12:00:00.000Z",
            status: "upcoming",
          },
          {
            planId: "0190a000-0000-7000-8000-000000000002",
            drug: "氨氯地平",
            dose: "5 mg",
            scheduledAt: "2026-03-02T00:00:00.000Z",
            status: "due",
          },
        ],
      }),
    });
    await open("today");
    const rows = await screen.findAllByTestId("dose-row");
    expect(rows.map((r) => r.textContent?.slice(0, 5))).toEqual(["08:00", "20:00"]);
    expect(rows[0]?.getAttribute("data-status")).toBe("due");
    expect(screen.getByTestId("dose-late").textContent).toContain("已过时间 1 小时");

    await tap(screen.getAllByTestId("take")[0] as Element);
    const first = screen.getAllByTestId("dose-row")[0] as HTMLElement;
    expect(first.getAttribute("data-status")).toBe("taken");
    expect(first.textContent).toContain("✓ 已服用");
    expect(first.textContent).toContain("待上传");
    expect(screen.getByTestId("remind")).toBeTruthy(); // offer the next reminder after a Take
    // Held for the undo minute: nothing uploaded yet.
    expect(api.calls.filter((c) => c.path === "/api/v1/me/sync")).toEqual([]);

    await tap(screen.getByTestId("undo"));
    expect(screen.getAllByTestId("dose-row")[0]?.getAttribute("data-status")).toBe("due");
    expect(JSON.parse(localStorage.getItem("steady.queue.v1") ?? "{}").data).toEqual([]);
    vi.restoreAllMocks();
  });

  it("offline on a day it never fetched, still lists the doses of the plans it knows", async () => {
    // 2026-03-03 07:00 in Shanghai; the phone last synced the day before and has no signal.
    vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-03-02T23:00:00Z"));
    const put = (key: string, data: unknown) => localStorage.setItem(key, JSON.stringify({ data }));
    put("steady.session", { token: "t", patientId: "p", enrolled: true });
    put("steady.cache.plans", [
      {
        id: "0190a000-0000-7000-8000-000000000003",
        drug: "阿托伐他汀",
        dose: "20 mg",
        times: ["21:00", "08:00"],
        startDate: "2026-03-01",
        endDate: null,
        stoppedAt: null,
      },
      {
        id: "0190a000-0000-7000-8000-000000000004",
        drug: "已停的药",
        dose: "1 片",
        times: ["08:00"],
        startDate: "2026-03-01",
        endDate: null,
        stoppedAt: "2026-03-02T00:00:00.000Z",
      },
    ]);
    const api = fakeApi();
    api.offline = true;
    await open("today");
    const rows = await screen.findAllByTestId("dose-row");
    // Both times of the active plan, in order (08:00 upcoming in an hour, 21:00 later); not the stopped one.
    expect(rows.map((r) => r.textContent?.slice(0, 5))).toEqual(["08:00", "21:00"]);
    expect(rows.every((r) => r.textContent?.includes("阿托伐他汀"))).toBe(true);
    vi.restoreAllMocks();
  });
});
