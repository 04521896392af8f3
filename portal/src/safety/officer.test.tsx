// The safety officer's pages over a fake API: the inbox order and filters, the case page's facts,
// triage with If-Match (and what a 412 shows), forward, acknowledgement, not forwarded, follow-up
// question; and the manager's counts card.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SafetyCase } from "../api/safety";
import { fakeApi, renderPage } from "../test/render";
import CasePage, { changedFields } from "./CasePage";
import InboxPage from "./InboxPage";
import { SafetyCountsCard } from "./SafetyCountsCard";

afterEach(() => vi.unstubAllGlobals());

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function aCase(over: Partial<SafetyCase> = {}): SafetyCase {
  return {
    id: "c1",
    caseNumber: "STY-2026-000001",
    source: "patient_app",
    awareAt: "2026-12-04T02:00:00.000Z",
    day0: "2026-12-04T02:00:00.000Z",
    receivedAt: "2026-12-04T02:00:00.000Z",
    forwardDueAt: iso(Date.now() + 20 * HOUR),
    regulatoryDueAt: "2026-12-19T02:00:00.000Z",
    latestInfoAt: null,
    forwardedAt: null,
    acknowledgedAt: null,
    overdue: false,
    dueSoon: false,
    serious: true,
    seriousness: ["hospitalisation"],
    seriousnessReported: ["hospitalisation"],
    specialSituations: [],
    status: "new",
    valid: true,
    missing: [],
    reporterQualification: 5,
    reporter: { role: "patient", name: null, contact: null },
    patient: { ref: "P-7F3A", initials: "ZYL", sex: "female", ageYears: 67 },
    suspectDrugs: [{ name: "氨氯地平", dose: "5 mg", startedOn: "2026-10-01" }],
    concomitantDrugs: [{ name: "二甲双胍", dose: "500 mg", startedOn: "2025-03-01" }],
    events: [{ verbatim: "脚踝肿得穿不上鞋", onsetOn: "2026-12-01", seriousness: ["hospitalisation"] }],
    description: "住院两天",
    details: null,
    causalityReported: null,
    causalityAssessed: null,
    outcome: null,
    narrative: null,
    notForwardedReason: null,
    mahCaseId: null,
    contactConsent: true,
    restricted: false,
    possibleDuplicateOf: null,
    version: 3,
    contact: null,
    followUps: [],
    forwards: [],
    duplicates: [],
    ...over,
  };
}

describe("inbox", () => {
  it("lists cases in the server's order (soonest deadline first) and marks overdue and due-soon in words", async () => {
    const late = aCase({
      id: "c2",
      caseNumber: "STY-2026-000002",
      forwardDueAt: iso(Date.now() - 2 * HOUR),
      overdue: true,
    });
    const done = aCase({
      id: "c3",
      caseNumber: "STY-2026-000003",
      status: "forwarded",
      forwardDueAt: iso(Date.now() - 30 * HOUR),
    });
    const soon = aCase({ dueSoon: true, forwardDueAt: iso(Date.now() + 2 * HOUR) });
    const api = fakeApi({
      "GET /api/v1/safety/cases": { body: [done, late, soon] },
      "GET /api/v1/reports/safety": {
        body: {
          generatedAt: "2026-12-07T00:00:00.000Z",
          total: 40,
          byMonth: { "2026-11": 40 },
          bySource: { patient_app: 40, clinician: 0, follow_up_call: 0, rep: 0, screening: 0 },
          bySeriousness: { serious: 10, non_serious: 30 },
          timeliness: {
            due: 32,
            forwardedOnTime: 30,
            shareForwardedOnTime: 0.938,
            medianHoursToForward: 5.2,
          },
        },
      },
    });
    renderPage(<InboxPage />);
    const line = await screen.findByTestId("timeliness");
    expect(line.textContent).toMatch(/按时转发.*94%.*转发用时中位数.*5\.2 小时/s);
    const rows = await screen.findAllByTestId("case-row");
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual([
      "STY-2026-000003",
      "STY-2026-000002",
      "STY-2026-000001",
    ]);
    // The server says which are overdue: a forwarded case no longer is; the open late one is.
    expect(rows.map((r) => r.dataset.overdue)).toEqual(["false", "true", "false"]);
    expect(rows[1]?.textContent).toContain("已逾期");
    expect(rows[2]?.textContent).toContain("即将到期");
    expect(rows[2]?.textContent).toContain("脚踝肿得穿不上鞋");

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText(/状态/), "new");
    await user.click(screen.getByLabelText("只看逾期"));
    await waitFor(() =>
      expect(api.calls.map((c) => c.path)).toContain("/api/v1/safety/cases?status=new&overdue=true"),
    );
  });
});

describe("case page", () => {
  const open = () => renderPage(<CasePage />, { path: "/safety/cases/:id", route: "/safety/cases/c1" });

  it("shows the dates, validity, seriousness reported vs triaged, drugs, events and the exports", async () => {
    fakeApi({
      "GET /api/v1/safety/cases/c1": {
        body: aCase({
          valid: false,
          missing: ["reporter"],
          seriousness: ["hospitalisation", "life_threatening"],
        }),
        headers: { ETag: '"3"' },
      },
      "GET /api/v1/safety/cases/c1/audit": {
        body: {
          caseNumber: "STY-2026-000001",
          entries: [
            {
              at: "2026-12-04T03:00:00Z",
              who: { id: "u9", role: "safety", name: "王敏" },
              action: "triage",
              field: "status",
              old: "new",
              new: "triaged",
              why: "已核实",
            },
          ],
        },
      },
    });
    open();
    await screen.findByTestId("case-page");
    expect(screen.getByTestId("case-dates").textContent).toMatch(
      /知悉日期.*第 0 天.*转发截止.*法规报告截止/s,
    );
    expect(screen.getByTestId("case-validity").textContent).toContain("缺少：可识别的报告者");
    const ser = screen.getByTestId("case-seriousness").textContent ?? "";
    expect(ser).toContain("报告者给出: 住院或延长住院");
    expect(ser).toContain("分诊后: 住院或延长住院、危及生命");
    expect(screen.getByText("脚踝肿得穿不上鞋")).toBeTruthy();
    expect(screen.getByText(/二甲双胍/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "E2B(R3) XML" }).getAttribute("href")).toBe(
      "/api/v1/safety/cases/c1/e2b.xml",
    );
    expect(screen.getByRole("link", { name: "FHIR AdverseEvent" }).getAttribute("href")).toBe(
      "/api/v1/safety/cases/c1/fhir",
    );
    const audit = await screen.findByTestId("case-audit");
    await waitFor(() => expect(audit.textContent).toContain("王敏 (safety)"));
    expect(audit.textContent).toContain('"new" → "triaged"');
    expect(audit.textContent).toContain("已核实");
    // The reporter's criterion cannot be unticked in triage.
    const tick = within(screen.getByTestId("triage-seriousness")).getByLabelText(
      "住院或延长住院",
    ) as HTMLInputElement;
    expect(tick.checked).toBe(true);
    expect(tick.disabled).toBe(true);
  });

  it("saves triage with If-Match; on 412 shows what changed and saves again with the new version", async () => {
    let version = 3;
    let current = aCase();
    const api = fakeApi({
      "GET /api/v1/safety/cases/c1": () => ({ body: current, headers: { ETag: `"${version}"` } }),
      "GET /api/v1/safety/cases/c1/audit": { body: { caseNumber: "STY-2026-000001", entries: [] } },
      "PATCH /api/v1/safety/cases/c1": ({ body, headers }) => {
        if (headers.get("If-Match") !== `"${version}"`)
          return { status: 412, body: { status: 412, detail: "stale" } };
        version++;
        current = { ...current, ...(body as object) };
        return { body: current, headers: { ETag: `"${version}"` } };
      },
    });
    open();
    const form = await screen.findByTestId("triage-form");
    // Meanwhile a colleague writes a narrative and marks the case triaged.
    version = 4;
    current = aCase({ narrative: "同事已写的叙述", status: "triaged" });

    const user = userEvent.setup();
    await user.selectOptions(within(form).getByLabelText("因果关系评估"), "possibly_related");
    await user.click(within(form).getByRole("button", { name: "保存" }));
    const stale = await within(form).findByTestId("stale");
    expect(stale.textContent).toContain("已变化：病例叙述、状态");
    expect(stale.textContent).toContain("同事已写的叙述");
    const patches = () => api.calls.filter((c) => c.method === "PATCH");
    expect(patches()[0]?.headers.get("If-Match")).toBe('"3"');

    await user.click(within(form).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1]?.headers.get("If-Match")).toBe('"4"');
    expect(patches()[1]?.body).toMatchObject({
      causalityAssessed: "possibly_related",
      seriousness: ["hospitalisation"],
    });
  });

  it("forwards, records the MAH's case id, and will not close a case without a reason", async () => {
    let current = aCase();
    const api = fakeApi({
      "GET /api/v1/safety/cases/c1": () => ({ body: current, headers: { ETag: '"3"' } }),
      "GET /api/v1/safety/cases/c1/audit": { body: { caseNumber: "STY-2026-000001", entries: [] } },
      "POST /api/v1/safety/cases/c1/forward": () => {
        current = { ...current, status: "forwarded", forwardedAt: "2026-12-04T05:00:00Z" };
        return { body: current };
      },
      "PUT /api/v1/safety/cases/c1/acknowledgement": ({ body }) => {
        current = {
          ...current,
          status: "acknowledged",
          mahCaseId: (body as { mahCaseId: string }).mahCaseId,
        };
        return { body: current };
      },
      "POST /api/v1/safety/cases/c1/follow-ups": ({ body }) => ({ status: 201, body }),
    });
    open();
    const actions = await screen.findByTestId("case-actions");
    const user = userEvent.setup();
    await user.click(within(actions).getByRole("button", { name: "不转发" }));
    expect(within(actions).getByText("请写明原因。")).toBeTruthy();

    const fu = screen.getByTestId("case-follow-ups");
    await user.type(within(fu).getByLabelText("问题"), "脚踝肿现在好些了吗？");
    await user.click(within(fu).getByRole("button", { name: "提交" }));
    await within(fu).findByText(/已发送/);
    expect(api.calls.find((c) => c.path.endsWith("/follow-ups"))?.body).toMatchObject({
      to: "patient",
      question: "脚踝肿现在好些了吗？",
    });

    await user.click(within(actions).getByRole("button", { name: "转发给 MAH" }));
    const mah = await screen.findByLabelText("MAH 病例号");
    await user.type(mah, "MAH-CN-2026-0042");
    await user.click(screen.getByRole("button", { name: "记录 MAH 确认" }));
    expect((await screen.findByTestId("mah-case-id")).textContent).toBe("MAH-CN-2026-0042");
    expect(api.calls.some((c) => c.method === "PATCH")).toBe(false);
    // Forward and acknowledgement name the version the officer saw.
    expect(api.calls.find((c) => c.path.endsWith("/forward"))?.headers.get("If-Match")).toBe('"3"');
  });

  it("closes a case as not forwarded with the reason in notForwardedReason, sending If-Match", async () => {
    let current = aCase({ source: "screening" });
    const api = fakeApi({
      "GET /api/v1/safety/cases/c1": () => ({ body: current, headers: { ETag: '"3"' } }),
      "GET /api/v1/safety/cases/c1/audit": { body: { caseNumber: "STY-2026-000001", entries: [] } },
      "PATCH /api/v1/safety/cases/c1": ({ body }) => {
        current = { ...current, ...(body as object), version: 4 };
        return { body: current, headers: { ETag: '"4"' } };
      },
    });
    open();
    const actions = await screen.findByTestId("case-actions");
    const user = userEvent.setup();
    await user.type(within(actions).getByLabelText("不转发的原因"), "笔记里说的是患者家属，不是药物不良反应");
    await user.click(within(actions).getByRole("button", { name: "不转发" }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === "PATCH")).toHaveLength(1));
    const patch = api.calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toEqual({
      status: "not_forwarded",
      notForwardedReason: "笔记里说的是患者家属，不是药物不良反应",
    });
    expect(patch?.headers.get("If-Match")).toBe('"3"');
  });

  it("a screening hit is confirmed into triage or closed with a reason, each with If-Match", async () => {
    let current = aCase({ source: "screening", description: "患者说手臂起皮疹" });
    const api = fakeApi({
      "GET /api/v1/safety/cases/c1": () => ({ body: current, headers: { ETag: `"${current.version}"` } }),
      "GET /api/v1/safety/cases/c1/audit": { body: { caseNumber: "STY-2026-000001", entries: [] } },
      "PATCH /api/v1/safety/cases/c1": ({ body }) => {
        current = { ...current, ...(body as object), version: current.version + 1 };
        return { body: current, headers: { ETag: `"${current.version}"` } };
      },
    });
    open();
    const review = await screen.findByTestId("screening-review");
    expect(within(review).getByTestId("screened-text").textContent).toBe("患者说手臂起皮疹");
    const user = userEvent.setup();
    await user.click(within(review).getByRole("button", { name: "不是不良事件，关闭" }));
    expect(within(review).getByText("请写明原因。")).toBeTruthy();
    expect(api.calls.some((c) => c.method === "PATCH")).toBe(false);
    await user.click(within(review).getByRole("button", { name: "确认为不良事件" }));
    await waitFor(() => expect(screen.queryByTestId("screening-review")).toBeNull());
    const patch = api.calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toMatchObject({ status: "triaged" });
    expect(patch?.headers.get("If-Match")).toBe('"3"');
  });

  it("changedFields compares only the triage fields", () => {
    const a = aCase();
    expect(changedFields(a, { ...a, narrative: "x", awareAt: "2020-01-01T00:00:00Z" })).toEqual([
      "narrative",
    ]);
  });
});

describe("programme manager", () => {
  it("shows counts and the on-time share, small counts as <5", async () => {
    fakeApi({
      "GET /api/v1/reports/safety": {
        body: {
          generatedAt: "2026-12-07T00:00:00.000Z",
          total: 12,
          byMonth: { "2026-11": 12 },
          bySource: { patient_app: 9, clinician: 0, follow_up_call: "hidden", rep: "<5", screening: 0 },
          bySeriousness: { serious: "<5", non_serious: "hidden" },
          timeliness: {
            due: 12,
            forwardedOnTime: 11,
            shareForwardedOnTime: 0.917,
            medianHoursToForward: 6.5,
          },
        },
      },
    });
    renderPage(<SafetyCountsCard />);
    const card = await screen.findByTestId("safety-counts");
    await waitFor(() => expect(within(card).getByTestId("on-time").textContent).toBe("92%"));
    expect(card.textContent).toContain("医药代表<5");
    expect(card.textContent).toContain("患者小程序9");
    expect(within(card).getByTestId("median-hours").textContent).toBe("6.5 小时");
  });
});
