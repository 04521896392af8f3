// Honest reminder wording and the reminder settings page (issue 13): a patient who never
// subscribed is offered to start, not told reminders are "used up"; every setting of
// PATCH /me/reminders can be changed, each saved at once, the answer shown under it.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, openPage, tap } from "./harness";

const settings = {
  enabled: true,
  followUps: true,
  weeklyTips: true,
  followUpDelayMinutes: 60,
  locale: "zh-CN",
};
const view = (over: Record<string, unknown> = {}) => ({
  settings,
  status: "empty",
  remindersLeft: 0,
  quotaExhausted: false,
  subscribeTemplateIds: ["tpl-dose"],
  quota: [
    {
      templateId: "tpl-dose",
      purposes: ["dose"],
      longTerm: false,
      remaining: 0,
      acceptedTotal: 0,
      refusedAt: null,
    },
  ],
  sms: { consent: false, phoneGiven: false },
  lastReminder: null,
  ...over,
});

const open = async (page: "today" | "reminders") => (await openPage(page)).appStore;

describe("reminder wording on Today", () => {
  it("a patient who never subscribed is offered to start, never told reminders are used up", async () => {
    fakeApi({ "GET /api/v1/me/reminders": () => view(), "GET /api/v1/me/today": () => ({ slots: [] }) });
    await open("today");
    const card = await screen.findByTestId("reminders-card");
    expect(card.textContent).toContain("您还没有开通微信提醒");
    expect(card.textContent).not.toContain("已用完");
    expect(screen.getByTestId("top-up").textContent).toContain("开通微信提醒");
    expect(screen.queryByTestId("reminders-empty")).toBeNull();
  });

  it("one who had reminders and used them up reads that they are used up", async () => {
    fakeApi({
      "GET /api/v1/me/reminders": () =>
        view({
          quotaExhausted: true,
          quota: [
            {
              templateId: "tpl-dose",
              purposes: ["dose"],
              longTerm: false,
              remaining: 0,
              acceptedTotal: 4,
              refusedAt: null,
            },
          ],
        }),
      "GET /api/v1/me/today": () => ({ slots: [] }),
    });
    await open("today");
    expect((await screen.findByTestId("reminders-empty")).textContent).toContain("⚠ 微信提醒已用完");
    expect(screen.queryByTestId("reminders-never")).toBeNull();
  });
});

describe("reminder settings page", () => {
  it("changes every setting PATCH /me/reminders offers, one request per tap", async () => {
    let current = { ...settings };
    const api = fakeApi({
      "GET /api/v1/me/reminders": () => view({ settings: current }),
      "PATCH /api/v1/me/reminders": (body) => {
        current = { ...current, ...(body as object) };
        return view({ settings: current });
      },
    });
    await open("reminders");
    await screen.findByTestId("reminder-settings-form");
    expect(screen.getByTestId("back")).toBeTruthy();

    await tap(screen.getByTestId("delay-30"));
    await waitFor(() => expect(screen.getByTestId("note-followUpDelayMinutes").textContent).toBe("✓ 已保存"));
    expect(screen.getByTestId("delay-30").getAttribute("aria-checked")).toBe("true");
    await tap(screen.getByTestId("weeklyTips-off"));
    await waitFor(() => expect(screen.getByTestId("note-weeklyTips").textContent).toBe("✓ 已保存"));
    await tap(screen.getByTestId("locale-en"));
    await waitFor(() => expect(screen.getByTestId("note-locale").textContent).toBe("✓ 已保存"));
    await tap(screen.getByTestId("followUps-off"));
    await waitFor(() => expect(screen.queryByTestId("delay-30")).toBeNull()); // no delay without follow-ups
    await tap(screen.getByTestId("refillLead-3"));
    await waitFor(() => expect(screen.getByTestId("note-refillLeadDays").textContent).toBe("✓ 已保存"));
    await tap(screen.getByTestId("enabled-off"));
    await waitFor(() => expect(screen.getByTestId("note-enabled").textContent).toBe("✓ 已保存"));

    const patches = api.calls.filter((c) => c.method === "PATCH").map((c) => c.body);
    expect(patches).toEqual([
      { followUpDelayMinutes: 30 },
      { weeklyTips: false },
      { locale: "en" },
      { followUps: false },
      { refillLeadDays: 3 },
      { enabled: false },
    ]);
    expect(current).toEqual({
      enabled: false,
      followUps: false,
      weeklyTips: false,
      followUpDelayMinutes: 30,
      refillLeadDays: 3,
      locale: "en",
    });
  });

  it("says under the choice, in Chinese, when a setting could not be saved", async () => {
    const api = fakeApi({ "GET /api/v1/me/reminders": () => view() });
    await open("reminders");
    await screen.findByTestId("reminder-settings-form");
    api.offline = true;
    await tap(screen.getByTestId("weeklyTips-off"));
    await waitFor(() =>
      expect(screen.getByTestId("note-weeklyTips").textContent).toContain("网络不好，设置没有保存"),
    );
    // Still shown as it is on the server.
    expect(screen.getByTestId("weeklyTips-on").getAttribute("aria-checked")).toBe("true");
  });
});
