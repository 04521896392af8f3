import { diaryDay } from "@steady/shared/test-support";
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import DiaryPage from "./DiaryPage";
import { SelfReportSection } from "./patient/SelfReportSection";

afterEach(() => vi.unstubAllGlobals());

const DIARY = {
  month: "2026-11",
  from: "2026-11-01",
  to: "2026-11-30",
  timezone: "Asia/Shanghai",
  days: [
    ...Array.from({ length: 17 }, (_, i) => diaryDay(`2026-11-${String(i + 1).padStart(2, "0")}`, {})),
    diaryDay("2026-11-18", { due: 1, taken: 1 }),
    diaryDay("2026-11-19", { due: 1, skipped: 1 }),
    diaryDay("2026-11-20", { due: 2, taken: 1, missed: 1 }),
  ],
  doses: { due: 4, taken: 2, adherence: 0.5, daysCovered: 1 / 3 },
  bpTarget: { systolic: 135, diastolic: 85 },
  bp: [
    {
      id: "b1",
      systolic: 150,
      diastolic: 95,
      pulse: null,
      measuredAt: "2026-11-18T23:30:00Z",
      category: "grade1",
      outOfRange: true,
    },
    {
      id: "b2",
      systolic: 122,
      diastolic: 76,
      pulse: null,
      measuredAt: "2026-11-19T23:30:00Z",
      category: "high_normal",
      outOfRange: false,
    },
  ],
  glucoseRange: { low: 3.9, high: 10 },
  glucose: [
    {
      id: "g1",
      value: 3.2,
      unit: "mmol/L",
      context: "fasting",
      measuredAt: "2026-11-19T23:00:00Z",
      category: "hypo_l1",
      outOfRange: true,
    },
  ],
  sideEffects: [
    {
      id: "s1",
      awareAt: "2026-11-20T02:00:00Z",
      symptoms: ["脚肿"],
      description: "脚踝有点肿",
      seriousness: [],
    },
  ],
  selfReport: {
    id: "r1",
    month: "2026-11",
    answers: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    score: 9,
    perfect: true,
    submittedAt: "2026-11-20T02:00:00Z",
  },
};

describe("DiaryPage", () => {
  it("draws the month: calendar marks, readings marked out of range, side effects, self-report", async () => {
    const api = fakeApi({
      "GET /api/v1/patients/p1/diary": { body: DIARY },
      "GET /api/v1/patients/p1/summary": { body: { patient: { name: "张秀英" } } },
    });
    renderPage(<DiaryPage />, { path: "/patients/:id/diary", route: "/patients/p1/diary?month=2026-11" });
    await screen.findByTestId("diary");
    expect(api.calls.some((c) => c.path === "/api/v1/patients/p1/diary?month=2026-11")).toBe(true);
    expect(screen.getByTestId("diary-day-2026-11-18").textContent).toContain("✓");
    expect(screen.getByTestId("diary-day-2026-11-19").textContent).toContain("–");
    expect(screen.getByTestId("diary-day-2026-11-20").textContent).toContain("✗");
    expect(screen.getByTestId("diary-day-2026-11-25").className).toContain("is-future");
    // 2026-11-01 is a Sunday: six empty cells lead the first week.
    const firstWeek = within(screen.getByTestId("diary-calendar")).getAllByRole("row")[1] as HTMLElement;
    expect(
      within(firstWeek)
        .getAllByRole("cell")
        .map((c) => c.textContent?.trim()),
    ).toEqual(["", "", "", "", "", "", "1 ·"]);
    const bp = within(screen.getByTestId("diary-bp")).getAllByRole("listitem");
    expect(bp[0]?.textContent).toContain("150/95 ▲");
    expect(bp[0]?.textContent).toContain("11/19 07:30"); // the patient's zone (Asia/Shanghai), not UTC
    expect(bp[1]?.textContent).not.toContain("▲");
    expect(screen.getByTestId("diary-glucose").textContent).toContain("3.2 ▼");
    expect(screen.getByTestId("diary-side-effects").textContent).toContain("脚肿");
    expect(screen.getByTestId("diary-self-report").textContent).toContain("2026-11 自评：9 分");
    expect(screen.getByText("本月应服 4 次，已服 2 次（50%）")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("张秀英");
  });

  it("without a month asks the server for the patient's current month", async () => {
    const api = fakeApi({
      "GET /api/v1/patients/p1/diary": { body: DIARY },
      "GET /api/v1/patients/p1/summary": { body: { patient: { name: "张秀英" } } },
    });
    renderPage(<DiaryPage />, { path: "/patients/:id/diary", route: "/patients/p1/diary" });
    await screen.findByTestId("diary");
    expect(api.calls.some((c) => c.path === "/api/v1/patients/p1/diary")).toBe(true);
    expect((screen.getByLabelText("月份") as HTMLInputElement).value).toBe("2026-11");
  });
});

describe("SelfReportSection", () => {
  it("shows the self-report beside logged adherence and the flag when they disagree", async () => {
    fakeApi({
      "GET /api/v1/patients/p1/self-reports": {
        body: { logged30d: 0.4, reports: [{ ...DIARY.selfReport, disagreement: "reports_better" }] },
      },
    });
    renderPage(<SelfReportSection patientId="p1" />);
    const flag = await screen.findByTestId("self-report-flag");
    expect(flag.textContent).toContain("自评几乎从不漏药，但记录的服药率低于 60%");
    expect(screen.getByTestId("self-report-section").textContent).toContain("近 30 天记录服药率：40%");
  });

  it("shows no flag when they agree, and says when nothing was answered (English)", async () => {
    fakeApi({ "GET /api/v1/patients/p1/self-reports": { body: { logged30d: 0.95, reports: [] } } });
    renderPage(<SelfReportSection patientId="p1" />, { locale: "en" });
    await screen.findByText("The patient has not answered the questionnaire yet");
    expect(screen.queryByTestId("self-report-flag")).toBeNull();
  });
});
