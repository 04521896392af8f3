// Today's WeChat reminders (docs/product.md): how many are left per template, and the top-up
// asked right after a tap (Take), each of WeChat's answers reported to the server. WeChat's
// requestSubscribeMessage is simulated at the platform adapter (the browser build has none).
import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dueSlot } from "./fixtures";
import { fakeApi, openPage, settle, tap } from "./harness";

const ask = vi.hoisted(() => vi.fn());
vi.mock("../../src/platform/device", async (importOriginal) => ({
  ...((await importOriginal()) as object),
  askSubscriptions: ask,
}));

const PLAN = "0190a000-0000-7000-8000-0000000000a1";
const reminderView = (doseLeft: number, sms = false) => ({
  status: doseLeft === 0 ? "empty" : doseLeft < 3 ? "low" : "ok",
  remindersLeft: doseLeft,
  quotaExhausted: doseLeft === 0,
  subscribeTemplateIds: ["tpl-dose", "tpl-tip"],
  quota: [
    {
      templateId: "tpl-dose",
      purposes: ["dose", "follow_up"],
      longTerm: false,
      remaining: doseLeft,
      acceptedTotal: 3,
      refusedAt: null,
    },
    {
      templateId: "tpl-tip",
      purposes: ["tip"],
      longTerm: false,
      remaining: 0,
      acceptedTotal: 0,
      refusedAt: null,
    },
  ],
  sms: { consent: sms, phoneGiven: sms },
  lastReminder: null,
});

const openToday = async () => (await openPage("today")).appStore;

afterEach(() => {
  vi.restoreAllMocks();
  ask.mockReset();
});

describe("WeChat reminders on Today", () => {
  it("shows the reminders left per template, and the SMS fallback when there is none", async () => {
    vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-03-02T01:30:00Z"));
    fakeApi({ "GET /api/v1/me/reminders": () => reminderView(1) });
    await openToday();
    const left = await screen.findAllByTestId("reminders-left");
    expect(left.map((l) => l.textContent)).toEqual(["用药提醒还剩 1 次", "健康小知识还剩 0 次"]);
    expect(screen.getByTestId("reminders-card").textContent).toContain("提醒快用完了");
    expect(screen.getByTestId("sms-hint").textContent).toContain("可以在“我的”里开通短信提醒");
  });

  it("after Take, asks WeChat for every template in the tap and reports each answer once", async () => {
    vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-03-02T01:30:00Z"));
    let left = 1;
    const api = fakeApi({
      "GET /api/v1/me/today": () => ({
        slots: [dueSlot(PLAN)],
      }),
      "GET /api/v1/me/reminders": () => reminderView(left),
      "POST /api/v1/me/subscriptions": (b) => {
        if ((b as { result: string }).result === "accept") left++;
        return { accepted: true };
      },
    });
    ask.mockResolvedValue({ outcome: "ok", results: { "tpl-dose": "accept", "tpl-tip": "reject" } });
    await openToday();
    await screen.findAllByTestId("reminders-left");
    await tap(screen.getByTestId("take"));
    await tap(screen.getByTestId("remind"));
    expect(ask).toHaveBeenCalledWith(["tpl-dose", "tpl-tip"]);
    await waitFor(() => expect(screen.getByTestId("remind-outcome").textContent).toContain("到时间会提醒您"));
    const reports = api.calls.filter((c) => c.path === "/api/v1/me/subscriptions").map((c) => c.body);
    expect(reports).toEqual([
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), templateId: "tpl-dose", result: "accept" },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), templateId: "tpl-tip", result: "reject" },
    ]);
    // The count follows the server: 1 + 1 accepted.
    await waitFor(() =>
      expect(screen.getAllByTestId("reminders-left")[0]?.textContent).toBe("用药提醒还剩 2 次"),
    );
  });

  it("keeps WeChat's answers on the phone while offline and reports them later, once", async () => {
    vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-03-02T01:30:00Z"));
    const api = fakeApi({
      "GET /api/v1/me/reminders": () => reminderView(0),
      "POST /api/v1/me/subscriptions": () => ({ accepted: true }),
    });
    ask.mockResolvedValue({ outcome: "ok", results: { "tpl-dose": "accept" } });
    const store = await openToday();
    await screen.findAllByTestId("reminders-left");
    api.offline = true;
    await tap(screen.getByTestId("top-up"));
    await settle();
    const pending = JSON.parse(localStorage.getItem("steady.pendingSubscriptions") ?? "{}").data;
    expect(pending).toEqual([
      { id: expect.any(String), to: "reminders", templateId: "tpl-dose", result: "accept" },
    ]);
    api.offline = false;
    await store.refreshReminders();
    await store.refreshReminders();
    const sent = api.calls.filter((c) => c.path === "/api/v1/me/subscriptions" && c.method === "POST");
    // Two attempts reached fetch (one offline, one online); the id is the same, so the server counts it once.
    expect(new Set(sent.map((c) => (c.body as { id: string }).id)).size).toBe(1);
    expect(JSON.parse(localStorage.getItem("steady.pendingSubscriptions") ?? "{}").data).toEqual([]);
  });
});
