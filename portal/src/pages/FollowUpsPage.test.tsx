import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import { FollowUpsPage } from "./FollowUpsPage";

afterEach(() => vi.unstubAllGlobals());

const base = {
  doctorName: "陈晓东 医生",
  tier: "attention",
  reasons: [],
  daysCovered30d: 0.5,
  dueDate: "2026-11-01",
  due: true,
  attempts: 0,
  lastCall: null,
  calledToday: false,
};
const ROWS = [
  {
    ...base,
    patientId: "p1",
    name: "张玉兰",
    phone: "13800000001",
    doseAdherence14d: 0,
    overdueDays: 19,
    reasonCodes: [{ code: "silent", days: 20 }],
  },
  {
    ...base,
    patientId: "p2",
    name: "孙淑珍",
    phone: null,
    doseAdherence14d: 0.4,
    overdueDays: 0,
    attempts: 2,
    reasonCodes: [],
  },
];

describe("FollowUpsPage", () => {
  it("shows who to call in the server's order, with the phone and why", async () => {
    fakeApi({ "GET /api/v1/follow-ups": { body: { rows: ROWS } } });
    renderPage(<FollowUpsPage />);
    const rows = await screen.findAllByTestId("worklist-row");
    expect(rows.map((r) => within(r).getAllByRole("link")[0]?.textContent)).toEqual(["张玉兰", "孙淑珍"]);
    expect(
      within(rows[0] as HTMLElement)
        .getByRole("link", { name: /13800000001/ })
        .getAttribute("href"),
    ).toBe("tel:13800000001");
    expect(rows[0]?.textContent).toContain("已逾期 19 天");
    expect(rows[0]?.textContent).toContain("20 天无记录");
    expect(rows[1]?.textContent).toContain("已拨打 2 次未接通");
    expect(rows[1]?.textContent).toContain("无电话号码");
  });

  it("asks for a reason before escalating, then records the call and refreshes the list", async () => {
    let listed = 0;
    const api = fakeApi({
      "GET /api/v1/follow-ups": () => ({ body: { rows: listed++ === 0 ? ROWS : ROWS.slice(1) } }),
      "POST /api/v1/patients/p1/follow-ups": ({ body }) => ({ status: 201, body }),
    });
    renderPage(<FollowUpsPage />);
    const user = userEvent.setup();
    const first = (await screen.findAllByTestId("worklist-row"))[0] as HTMLElement;
    await user.click(within(first).getByRole("button", { name: "记录通话" }));
    const form = within(first).getByTestId("call-form");
    await user.click(within(form).getByRole("button", { name: "保存" }));
    expect(within(form).getByText("请选择通话结果。")).toBeTruthy();
    await user.click(within(form).getByLabelText("上报医生"));
    await user.click(within(form).getByRole("button", { name: "保存" }));
    expect(within(form).getByText("上报医生时，请写明原因。")).toBeTruthy();
    expect(api.calls.filter((c) => c.method === "POST")).toHaveLength(0);

    await user.type(within(form).getByRole("textbox"), "头晕，想停药");
    await user.click(within(form).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(screen.getAllByTestId("worklist-row")).toHaveLength(1));
    const post = api.calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({ outcome: "escalated", note: "头晕，想停药" });
    expect((post?.body as { id?: string } | undefined)?.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
