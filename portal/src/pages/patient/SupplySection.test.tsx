import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PlanViewT } from "../../api/queries";
import { fakeApi, renderPage } from "../../test/render";
import { SupplySection } from "./SupplySection";

afterEach(() => vi.unstubAllGlobals());

const PLAN: PlanViewT = {
  id: "plan-1",
  drug: "氨氯地平",
  dose: "5 mg",
  times: ["08:00", "20:00"],
  startDate: "2026-11-01",
  endDate: null,
  stoppedAt: null,
  prescribedBy: null,
  version: 2,
  supply: {
    onHand: 10,
    perDose: 1,
    packSize: 28,
    countedAt: "2026-11-19T12:00:00.000Z",
    stock: 0,
    runOutDate: "2026-11-25",
    daysLeft: -2,
    gaps: [
      { from: "2026-11-10", to: "2026-11-12", open: false, doses: 5 },
      { from: "2026-11-25", to: "2026-11-27", open: true, doses: 4 },
    ],
    refills: [{ id: "r1", tablets: 28, at: "2026-11-12T02:00:00.000Z" }],
  },
  history: [],
};

describe("SupplySection", () => {
  it("shows the run-out (passed, no refill), the gaps and the overdue visit in Chinese", () => {
    fakeApi({});
    renderPage(
      <SupplySection
        patientId="p1"
        plans={[PLAN]}
        revisit={{
          date: "2026-11-20",
          hospital: "市第一人民医院",
          department: "心内科",
          setBy: "patient",
          setAt: "2026-11-01T00:00:00.000Z",
          overdue: true,
        }}
      />,
    );
    const row = within(screen.getByTestId("supply-table")).getAllByRole("row")[1] as HTMLElement;
    expect(row.textContent).toContain("氨氯地平 5 mg");
    expect(row.textContent).toContain("0 片");
    expect(row.textContent).toContain("2026-11-25（已过 2 天，未取药）");
    expect(row.textContent).toContain("2026-11-10 至 2026-11-12，漏 5 次");
    expect(row.textContent).toContain("2026-11-25 起至今，漏 4 次");
    const visit = screen.getByTestId("revisit").textContent;
    expect(visit).toContain("2026-11-20 · 市第一人民医院 心内科");
    expect(visit).toContain("患者自己填写");
    expect(visit).toContain("已逾期，未设新的复诊");
  });

  it("says when nothing is tracked, and saves the doctor's next visit (a past date is refused before sending)", async () => {
    const api = fakeApi({
      "PUT /api/v1/patients/p1/revisit": ({ body }) => ({
        body: { revisit: { ...(body as object), setBy: "clinician", setAt: "x", overdue: false } },
      }),
    });
    renderPage(<SupplySection patientId="p1" plans={[{ ...PLAN, supply: null }]} revisit={null} />);
    expect(screen.getByTestId("supply").textContent).toContain("未记录药量");
    expect(screen.getByTestId("revisit").textContent).toContain("未设置");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "设置复诊" }));
    const date = screen.getByLabelText("日期") as HTMLInputElement;
    await user.type(date, "2026-02-30");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(api.calls).toHaveLength(0);
    expect(screen.getByText("请选择今天或以后的日期")).toBeTruthy();
    await user.clear(date);
    await user.type(date, "2099-12-04");
    await user.type(screen.getByLabelText("科室"), "心内科");
    await user.click(screen.getByRole("button", { name: "保存" }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    expect(api.calls[0]?.body).toEqual({ date: "2099-12-04", hospital: null, department: "心内科" });
  });

  it("the doctor sets the supply with If-Match; a stale version shows what changed, then saves on the latest", async () => {
    let n = 0;
    const api = fakeApi({
      "PATCH /api/v1/patients/p1/plans/plan-1": ({ body, headers }) => {
        n++;
        const current = { ...PLAN, supply: null, version: 3 };
        if (headers.get("if-match") === '"2"')
          return { status: 412, body: { status: 412, title: "stale", current, errors: [] } };
        const supply = { ...(PLAN.supply as object), ...(body as { supply: object }).supply, stock: 30 };
        return {
          body: { ...current, version: 4, supply: { ...supply, runOutDate: "2026-12-30", daysLeft: 15 } },
        };
      },
    });
    renderPage(<SupplySection patientId="p1" plans={[{ ...PLAN, supply: null }]} revisit={null} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "设置药量" }));
    const onHand = screen.getByLabelText("现有片数");
    await user.type(onHand, "-3");
    await user.click(screen.getByTestId("supply-submit"));
    expect(api.calls).toHaveLength(0);
    expect(screen.getByText("请填 0–10000 之间的片数（可到 1/4 片）")).toBeTruthy();
    await user.clear(onHand);
    await user.type(onHand, "30");
    await user.type(screen.getByLabelText("每盒片数（可不填）"), "28");
    await user.click(screen.getByTestId("supply-submit"));
    await waitFor(() => expect(screen.getByTestId("supply-stale").textContent).toContain("第 3 版"));
    expect(api.calls[0]).toMatchObject({
      ifMatch: '"2"',
      body: { supply: { onHand: 30, perDose: 1, packSize: 28 } },
    });
    await user.click(screen.getByRole("button", { name: "在最新版本上保存我的数字" }));
    await waitFor(() => expect(screen.getByTestId("supply-saved").textContent).toContain("剩余 30 片"));
    expect(n).toBe(2);
    expect(api.calls.filter((c) => c.method === "PATCH")[1]?.ifMatch).toBe('"3"');
    expect(screen.getByTestId("supply-saved").textContent).toContain("2026-12-30（15 天后）");
  });
});
