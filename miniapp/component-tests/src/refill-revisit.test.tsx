// Refills and the next visit (issue 13): the plans page shows the tablets left and the run-out,
// "取了药" is one tap that goes through the outbox (offline too, the run-out moving at once), and the 我的 page
// sets the next visit, refusing a past date before sending.

import { planBase } from "@steady/shared/test-support";
import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, openPage, settle, tap, typeInto } from "./harness";

const open = (page: "me" | "plans") => openPage(page);

const supply = (over: Record<string, unknown> = {}) => ({
  onHand: 10,
  perDose: 1,
  packSize: 28,
  countedAt: "2026-11-19T12:00:00.000Z",
  stock: 6,
  runOutDate: "2099-11-26",
  daysLeft: 3,
  gaps: [],
  refills: [],
  ...over,
});
const plan = (s: unknown) => ({
  id: "0194f3a0-0000-7000-8000-000000000001",
  ...planBase,
  version: 2,
  supply: s,
});

describe("plans page: supply and 取了药", () => {
  it("取了药 offline: the run-out moves at once, the refill waits in the outbox, then syncs once as kind refill", async () => {
    const PLAN_ID = "0194f3a0-0000-7000-8000-000000000001";
    let current = supply();
    let staleAnswers = 0;
    const api = fakeApi({
      "GET /api/v1/me/plans": () => {
        // The first answer after the upload left before it: still without the refill.
        if (staleAnswers > 0) {
          staleAnswers--;
          return { plans: [plan(supply())] };
        }
        return { plans: [plan(current)] };
      },
    });
    await open("plans");
    expect((await screen.findByTestId("supply-forecast")).textContent).toBe(
      "还剩约 6 片 · 预计 2099-11-26 吃完（还有 3 天）",
    );
    const { appStore } = await import("../../src/state/store");
    api.offline = true;
    const button = screen.getByTestId("refill");
    expect(button.textContent).toBe("取了药（+28 片）");
    await tap(button);
    await settle();
    // At once, offline: 34 tablets, a run-out 34 daily doses ahead, and "waiting to upload".
    expect(screen.getByTestId("supply-forecast").textContent).toMatch(
      /^还剩约 34 片 · 预计 \d{4}-\d\d-\d\d 吃完/,
    );
    expect(screen.getByTestId("supply-forecast").textContent).not.toContain("2099-11-26");
    expect(screen.getByTestId("supply-note").textContent).toContain("已记下：取药 28 片");
    expect(screen.getByTestId("supply-note").textContent).toContain("待上传");
    const queued = appStore.queue.snapshot().filter((i) => i.kind === "refill");
    expect(queued).toHaveLength(1);
    expect(queued[0]?.body).toMatchObject({ planId: PLAN_ID, tablets: 28 });
    expect(api.stored.size).toBe(0);

    // Back online: one upload through /me/sync; a plans answer that left before it cannot undo it.
    api.offline = false;
    const before = api.calls.length;
    staleAnswers = 1;
    current = supply({
      stock: 34,
      runOutDate: "2099-12-30",
      daysLeft: 37,
      refills: [{ id: queued[0]?.id, tablets: 28, at: "x" }],
    });
    await act(async () => {
      await appStore.sync();
    });
    await settle();
    const syncs = api.calls.slice(before).filter((c) => c.path === "/api/v1/me/sync");
    const items = syncs.flatMap((c) => (c.body as { items: Array<Record<string, unknown>> }).items);
    expect(items).toEqual([
      expect.objectContaining({ kind: "refill", id: queued[0]?.id, planId: PLAN_ID, tablets: 28 }),
    ]);
    expect(appStore.queue.snapshot()).toHaveLength(0);
    expect(screen.getByTestId("supply-forecast").textContent).toContain("还剩约 34 片");
    // The next answer lists the refill: the server's own forecast takes over, counted once.
    await act(async () => {
      await appStore.refreshPlans();
    });
    await settle();
    expect(screen.getByTestId("supply-forecast").textContent).toBe(
      "还剩约 34 片 · 预计 2099-12-30 吃完（还有 37 天）",
    );
    expect(appStore.getState().settledRefills).toHaveLength(0);
    expect(screen.getByTestId("supply-note").textContent).not.toContain("待上传");
  });

  it("a dose taken on this phone spends a tablet at once (before any upload)", async () => {
    const api = fakeApi({ "GET /api/v1/me/plans": () => ({ plans: [plan(supply())] }) });
    await open("plans");
    expect((await screen.findByTestId("supply-forecast")).textContent).toContain("还剩约 6 片");
    api.offline = true;
    const { appStore } = await import("../../src/state/store");
    // 20 Nov 08:00 in Shanghai: after the count (19 Nov 20:00), already past.
    await act(async () => {
      await appStore.write("dose", {
        planId: "0194f3a0-0000-7000-8000-000000000001",
        scheduledAt: Date.parse("2026-11-20T00:00:00Z"),
        status: "taken",
      });
    });
    await settle();
    expect(screen.getByTestId("supply-forecast").textContent).toMatch(/^还剩约 5 片/);
  });

  it("starts tracking: the count is sent as a plan edit with If-Match", async () => {
    const api = fakeApi({ "GET /api/v1/me/plans": () => ({ plans: [plan(null)] }) });
    const { container } = await open("plans");
    await tap(await screen.findByTestId("supply-track"));
    typeInto(container, "onHand", "abc");
    await tap(screen.getByTestId("supply-save"));
    expect(screen.getByTestId("error-onHand").textContent).toContain("请填写数字");
    typeInto(container, "onHand", "30");
    typeInto(container, "perDose", "0.5");
    await tap(screen.getByTestId("supply-save"));
    await waitFor(() =>
      expect(api.calls.some((c) => c.method === "PATCH" && c.path.includes("/me/plans/"))).toBe(true),
    );
    const patch = api.calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toEqual({ supply: { onHand: 30, perDose: 0.5, packSize: null } });
  });
});

describe("me page: next visit", () => {
  it("sets the next visit; a past or malformed date is refused in Chinese before sending", async () => {
    let stored: unknown = null;
    const api = fakeApi({
      "GET /api/v1/me/revisit": () => ({ revisit: stored }),
      "PUT /api/v1/me/revisit": (body) => {
        stored = { ...(body as object), setBy: "patient", setAt: "x", overdue: false };
        return { revisit: stored };
      },
    });
    const { container } = await open("me");
    expect((await screen.findByTestId("revisit-card")).textContent).toContain("还没有设置复诊时间");
    await tap(screen.getByTestId("revisit-edit"));
    typeInto(container, "revisitDate", "2020-01-01");
    await tap(screen.getByTestId("revisit-save"));
    expect(screen.getByTestId("error-revisitDate").textContent).toContain("今天或以后的日期");
    expect(api.calls.filter((c) => c.method === "PUT")).toHaveLength(0);
    typeInto(container, "revisitDate", "2099-12-04");
    typeInto(container, "hospital", "市第一人民医院");
    typeInto(container, "department", "心内科");
    await tap(screen.getByTestId("revisit-save"));
    await waitFor(() =>
      expect(screen.getByTestId("revisit-shown").textContent).toBe("2099-12-04 · 市第一人民医院 心内科"),
    );
    expect(screen.getByTestId("revisit-note").textContent).toContain("复诊前一天和当天早上会提醒您");
    expect(api.calls.find((c) => c.method === "PUT")?.body).toEqual({
      date: "2099-12-04",
      hospital: "市第一人民医院",
      department: "心内科",
    });
  });

  it("tells the patient when the visit date has passed", async () => {
    fakeApi({
      "GET /api/v1/me/revisit": () => ({
        revisit: {
          date: "2026-11-01",
          hospital: null,
          department: "心内科",
          setBy: "clinician",
          setAt: "x",
          overdue: true,
        },
      }),
    });
    await open("me");
    expect((await screen.findByTestId("revisit-overdue")).textContent).toContain("复诊日期已过");
    expect(screen.getByTestId("revisit-shown").textContent).toContain("医生设置");
  });
});
