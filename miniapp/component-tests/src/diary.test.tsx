// 用药日记 and the monthly self-report in the mini-program (issue 13 items 6–7): the diary page
// draws the month from GET /me/diary with marks that read without colour; the me page asks the
// nine questions once a month, sends them with a kept id, and can be put off for the month.
import { HILL_BONE_ITEMS, MAX_MISSING_ANSWERS } from "@steady/shared";
import { diaryDay } from "@steady/shared/test-support";
import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, openPage, settle, tap } from "./harness";

const MONTH = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(Date.now()).slice(0, 7);

const open = (page: "diary" | "me") => openPage(page);

afterEach(() => vi.restoreAllMocks());

const diaryOf = (month: string) => ({
  month,
  from: `${month}-01`,
  to: `${month}-28`,
  timezone: "Asia/Shanghai",
  days: [
    diaryDay(`${month}-01`, { due: 2, taken: 2 }),
    diaryDay(`${month}-02`, { due: 2, taken: 1, missed: 1 }),
    diaryDay(`${month}-03`, { due: 2, taken: 1, skipped: 1 }),
  ],
  doses: { due: 6, taken: 4, adherence: 4 / 6, daysCovered: 1 / 3 },
  bpTarget: { systolic: 135, diastolic: 85 },
  bp: [
    { id: "b1", systolic: 152, diastolic: 96, measuredAt: `${month}-01T23:30:00Z`, outOfRange: true },
    { id: "b2", systolic: 124, diastolic: 78, measuredAt: `${month}-02T23:30:00Z`, outOfRange: false },
  ],
  glucoseRange: { low: 3.9, high: 10 },
  glucose: [
    {
      id: "g1",
      value: 3.4,
      context: "fasting",
      measuredAt: `${month}-02T23:00:00Z`,
      category: "hypo_l1",
      outOfRange: true,
    },
  ],
  sideEffects: [{ id: "s1", awareAt: `${month}-02T02:00:00Z`, symptoms: ["头晕"], description: null }],
  selfReport: null,
});

describe("用药日记 page", () => {
  it("draws the month: calendar glyphs, out-of-range readings in words, side effects; goes back a month", async () => {
    const api = fakeApi({
      "GET /api/v1/me/diary": () => diaryOf(MONTH),
    });
    await open("diary");
    await screen.findByTestId("diary-calendar");
    expect(api.calls.some((c) => c.path === `/api/v1/me/diary?month=${MONTH}`)).toBe(true);
    expect(screen.getByTestId(`diary-day-${MONTH}-01`).textContent).toBe("1✓");
    expect(screen.getByTestId(`diary-day-${MONTH}-02`).textContent).toBe("2✗");
    expect(screen.getByTestId(`diary-day-${MONTH}-03`).textContent).toBe("3–");
    expect(screen.getByTestId(`diary-day-${MONTH}-20`).className).toContain("is-future");
    expect(screen.getByTestId("diary-doses").textContent).toBe("本月应服 6 次，已服 4 次（67%）");
    expect(screen.getByTestId("diary-bp").textContent).toContain("152/96 ▲ 偏高");
    expect(screen.getByTestId("diary-bp").textContent).not.toContain("124/78 ▲");
    expect(screen.getByTestId("diary-glucose").textContent).toContain("3.4 ▼ 偏低");
    expect(screen.getByTestId("diary-side-effects").textContent).toContain("头晕");
    expect(screen.getByTestId("diary-self-report").textContent).toContain("这个月还没有填");
    // The current month has no "next"; the browser build offers printing.
    expect(screen.queryByTestId("diary-next")).toBeNull();
    expect(screen.getByTestId("diary-print")).toBeTruthy();
    await tap(screen.getByTestId("diary-prev"));
    await waitFor(() =>
      expect(api.calls.filter((c) => c.path.startsWith("/api/v1/me/diary?month=")).length).toBe(2),
    );
    expect(api.calls.at(-1)?.path).not.toBe(`/api/v1/me/diary?month=${MONTH}`);
    await screen.findByTestId("diary-next");
  });
});

describe("monthly self-report card on 我的", () => {
  it("asks the nine questions, insists on enough answers, then sends them once with one id", async () => {
    let reports: unknown[] = [];
    const api = fakeApi({
      "GET /api/v1/me/self-reports": () => ({ reports }),
      "POST /api/v1/me/self-reports": (b) => {
        reports = [{ ...(b as object), score: 10, perfect: false, submittedAt: "x" }];
        return { __status: 201, body: reports[0] };
      },
    });
    await open("me");
    await tap(await screen.findByTestId("self-report-start"));
    expect(screen.getByTestId("sr-item-forget").textContent).toContain("您多经常忘记吃药？");
    expect(screen.getAllByRole("radiogroup")).toHaveLength(9);
    await tap(screen.getByTestId("sr-forget-2"));
    await tap(screen.getByTestId("self-report-send"));
    expect(screen.getByTestId("self-report-error").textContent).toContain("还有 8 题没选");
    expect(api.calls.some((c) => c.method === "POST" && c.path === "/api/v1/me/self-reports")).toBe(false);
    // The rest but the last two: two left blank still give a (prorated) score, so it sends.
    for (const { id } of HILL_BONE_ITEMS.slice(1, -MAX_MISSING_ANSWERS)) {
      await tap(screen.getByTestId(`sr-${id}-1`));
    }
    await tap(screen.getByTestId("self-report-send"));
    await screen.findByTestId("self-report-done");
    const posts = api.calls.filter((c) => c.method === "POST" && c.path === "/api/v1/me/self-reports");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ month: MONTH, answers: [2, 1, 1, 1, 1, 1, 1, null, null] });
  });

  it("is not shown when this month is answered, and 这个月不填了 hides it for the month", async () => {
    fakeApi({ "GET /api/v1/me/self-reports": () => ({ reports: [{ id: "r", month: MONTH }] }) });
    const answered = await open("me");
    expect(screen.queryByTestId("self-report-card")).toBeNull();
    answered.unmount();

    fakeApi({ "GET /api/v1/me/self-reports": () => ({ reports: [] }) });
    const first = await open("me");
    await tap(await screen.findByTestId("self-report-dismiss"));
    expect(screen.queryByTestId("self-report-card")).toBeNull();
    first.unmount();
    await open("me");
    await settle();
    expect(screen.queryByTestId("self-report-card")).toBeNull();
  });
});
