// 身体不适 / 副作用 in the mini-program: the report sent online shows the server's advice; offline
// it goes into the same outbox as doses (kind "side_effect" in /me/sync) with the safe default
// advice shown at once; the patient's list shows the team's question and sends the answer; a
// Skip asks why, and "副作用" leads into the report about that medicine.
import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { localAdvice } from "../../src/lib/safety-advice";
import { dueSlot } from "./fixtures";
import { fakeApi, openPage, router, settle, tap } from "./harness";

const PLAN = "0190b000-0000-7000-8000-0000000000a1";
const REPORT = "0190b000-0000-7000-8000-0000000000b1";
const plans = {
  plans: [
    { id: PLAN, drug: "氨氯地平", dose: "5 mg", times: ["08:00"], startDate: "2026-01-01", endDate: null },
  ],
};

const open = (page: "report" | "mine", params: Record<string, string> = {}) =>
  openPage(page === "report" ? "side-effect" : "my-side-effects", params);

const storedQueue = () => JSON.parse(localStorage.getItem("steady.queue.v1") ?? "{}").data ?? [];

afterEach(() => vi.restoreAllMocks());

describe("side-effect report", () => {
  it("asks for something said and for the contact choice before sending anything", async () => {
    const api = fakeApi({ "GET /api/v1/me/plans": () => plans });
    await open("report");
    await tap(screen.getByTestId("send-report"));
    expect(screen.getByTestId("error-what").textContent).toContain("请选择哪里不舒服，或写几句话");
    expect(screen.getByTestId("error-contact").textContent).toContain("请选择可不可以联系您");
    expect(api.calls.some((c) => c.method === "POST" && c.path.startsWith("/api/v1/me/"))).toBe(false);
    expect(storedQueue()).toEqual([]);
  });

  it("sends chips, the medicine and the answers, then shows the case number and the server's advice", async () => {
    const api = fakeApi({
      "GET /api/v1/me/plans": () => plans,
      "POST /api/v1/me/side-effects": (b) => ({
        __status: 201,
        body: {
          id: (b as { id: string }).id,
          caseNumber: "STY-2026-000321",
          awareAt: "2026-12-07T01:00:00Z",
          advice: {
            urgent: false,
            items: [
              { key: "keep_taking", "zh-CN": "不要自己停药，请先问医生。", en: "Do not stop on your own." },
              { key: "may_call", "zh-CN": "项目工作人员可能会给您打电话。", en: "The programme may call." },
            ],
          },
        },
      }),
    });
    await open("report", { planId: PLAN, from: "skip" });
    // Coming from a Skip, that medicine is already chosen.
    expect(screen.getByTestId(`plan-${PLAN}`).getAttribute("aria-checked")).toBe("true");
    await tap(screen.getByTestId("chip-dizzy"));
    await tap(screen.getByTestId("chip-ankle"));
    await tap(screen.getByTestId("since-yesterday"));
    await tap(screen.getByTestId("still-yes"));
    await tap(screen.getByTestId("stopped-no"));
    await tap(screen.getByTestId("sit-lack_of_efficacy"));
    await tap(screen.getByTestId("contact-yes"));
    await tap(screen.getByTestId("send-report"));

    expect((await screen.findByTestId("case-number")).textContent).toContain("STY-2026-000321");
    const advice = screen.getByTestId("advice");
    expect(advice.textContent).toContain("不要自己停药，请先问医生。");
    expect(advice.textContent).toContain("项目工作人员可能会给您打电话。");
    expect(advice.textContent).not.toContain("Do not stop");
    expect(advice.dataset.urgent).toBe("false");
    const post = api.calls.find((c) => c.method === "POST" && c.path === "/api/v1/me/side-effects");
    expect(post?.body).toMatchObject({
      // Chips alone: the contract requires words, so the chips are sent as the patient's words.
      description: "头晕、脚踝肿",
      symptoms: ["头晕", "脚踝肿"],
      planIds: [PLAN],
      stillHappening: true,
      stoppedDrug: false,
      specialSituations: ["lack_of_efficacy"],
      contactConsent: true,
    });
    expect((post?.body as { startedOn?: string } | undefined)?.startedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(storedQueue()).toEqual([]);
  });

  it("offline: keeps the report in the outbox, says 120 now for a hospital stay, and uploads it via /me/sync", async () => {
    const api = fakeApi({ "GET /api/v1/me/plans": () => plans });
    const { appStore } = await open("report");
    api.offline = true;
    await tap(screen.getByTestId("chip-palpitations"));
    await tap(screen.getByTestId("serious-hospital"));
    await tap(screen.getByTestId("contact-no"));
    await tap(screen.getByTestId("send-report"));

    const advice = await screen.findByTestId("advice");
    expect(advice.getAttribute("role")).toBe("alert");
    expect(advice.textContent).toContain("请马上拨打 120");
    expect(advice.textContent).toContain("不要自己停药或改剂量");
    expect(advice.textContent).toContain("您选择了不被联系");
    expect(screen.getByTestId("saved-offline")).toBeTruthy();
    const queued = storedQueue();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      kind: "side_effect",
      body: { symptoms: ["心慌"], seriousness: ["hospitalisation"], contactConsent: false },
    });

    api.offline = false;
    await appStore.sync();
    await waitFor(() => expect(storedQueue()).toEqual([]));
    const sync = api.calls.find((c) => c.path === "/api/v1/me/sync");
    expect(
      (sync?.body as { items: Array<{ kind: string; id: string }> } | undefined)?.items[0],
    ).toMatchObject({
      kind: "side_effect",
      id: queued[0].id,
      contactConsent: false,
    });
  });
});

describe("my reports", () => {
  it("shows the team's question and sends the answer", async () => {
    let answered: string | null = null;
    const api = fakeApi({
      "GET /api/v1/me/side-effects": () => {
        const q = {
          id: "q1",
          to: "patient",
          question: "脚踝肿现在好些了吗？",
          askedAt: "2026-12-06T01:00:00Z",
          answer: answered,
          answeredAt: answered ? "2026-12-06T02:00:00Z" : null,
        };
        return {
          reports: [
            {
              id: REPORT,
              caseNumber: "STY-2026-000321",
              awareAt: "2026-12-05T01:00:00Z",
              description: "脚踝肿",
              symptoms: ["脚踝肿"],
              seriousness: [],
              specialSituations: [],
              contactConsent: true,
              question: answered ? null : q,
              questions: [q],
            },
          ],
        };
      },
      "POST /api/v1/me/safety-questions/q1/answer": (b) => {
        answered = (b as { answer: string }).answer;
        return { __status: 200, body: { id: "q1", answer: answered } };
      },
    });
    const { container } = await open("mine");
    const report = screen.getByTestId("report");
    expect(report.textContent).toContain("STY-2026-000321");
    expect(report.textContent).toContain("脚踝肿现在好些了吗？");
    await tap(screen.getByTestId("send-answer"));
    expect(report.textContent).toContain("请写下您的回答");

    const box = container.querySelector('[name="answer-q1"]');
    if (!box) throw new Error("no answer box");
    box.dispatchEvent(new CustomEvent("input", { detail: { value: "好多了，已经不肿了" }, bubbles: true }));
    await settle();
    await tap(screen.getByTestId("send-answer"));
    await waitFor(() =>
      expect(screen.getByTestId("report").textContent).toContain("您的回答：好多了，已经不肿了"),
    );
    const post = api.calls.find((c) => c.path === "/api/v1/me/safety-questions/q1/answer");
    expect(post?.body).toEqual({ answer: "好多了，已经不肿了" });
  });
});

describe("local advice", () => {
  it("says 120 only for serious reports, adds the hypo steps, and never says to stop", () => {
    expect(localAdvice({ seriousness: ["life_threatening"], contactConsent: true }).urgent).toBe(true);
    const mild = localAdvice({ contactConsent: true, stoppedDrug: false }, ["hypo"]);
    expect(mild.urgent).toBe(false);
    expect(mild.keys).toEqual([
      "safety.advice.worse",
      "safety.advice.hypo",
      "safety.advice.dontStop",
      "safety.advice.call",
    ]);
    expect(localAdvice({ contactConsent: false, stoppedDrug: true }).keys).toContain("safety.advice.stopped");
  });
});

describe("skipping a dose", () => {
  it("asks why; 副作用 records the skip with its reason and opens the report about that medicine", async () => {
    vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-03-02T01:30:00Z"));
    fakeApi({
      "GET /api/v1/me/today": () => ({
        slots: [dueSlot(PLAN)],
      }),
    });
    vi.resetModules();
    router.params = {};
    const { default: Today } = await import("../../src/pages/today/index");
    const { appStore } = await import("../../src/state/store");
    const Taro = (await import("@tarojs/taro")).default;
    await appStore.init();
    render(<Today />);
    await screen.findAllByTestId("dose-row", {}, { timeout: 10_000 });
    await settle();
    // The way in is on the today page too.
    expect(screen.getByTestId("side-effect-entry").textContent).toContain("身体不适 / 副作用");

    await tap(screen.getByTestId("skip"));
    const why = screen.getByTestId("skip-reasons");
    expect(why.textContent).toMatch(/为什么没吃？.*忘了.*副作用.*药吃完了.*感觉好了.*其他/s);
    expect(storedQueue()).toEqual([]); // nothing recorded before the answer

    await tap(screen.getByTestId("skip-side_effect"));
    await waitFor(() => expect(storedQueue()).toHaveLength(1));
    expect(storedQueue()[0]).toMatchObject({
      kind: "dose",
      body: { planId: PLAN, status: "skipped", skipReason: "side_effect" },
    });
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/safety/report?planId=${PLAN}&from=skip` });
    expect(screen.queryByTestId("skip-reasons")).toBeNull();
  });
});
