// The portal's capture routes of safety reporting: the mandatory safety question of a follow-up
// call, the clinician's report from the patient page, and the rep's write-only form. The API is
// faked at fetch; the bodies sent are checked against the contract's field names.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CallForm } from "../pages/FollowUpsPage";
import { fakeApi, renderPage } from "../test/render";
import { AdverseEventSection } from "./AdverseEventSection";
import RepReportPage from "./RepReportPage";

afterEach(() => vi.unstubAllGlobals());

const PLAN_A = "0190f000-0000-7000-8000-00000000000a";
const PLAN_B = "0190f000-0000-7000-8000-00000000000b";

describe("follow-up call: the safety question", () => {
  it("will not record a reached call until the safety question is answered, and a yes needs the words", async () => {
    const api = fakeApi({ "POST /api/v1/patients/p1/follow-ups": ({ body }) => ({ status: 201, body }) });
    const done = vi.fn();
    renderPage(<CallForm patientId="p1" name="张玉兰" onDone={done} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("已联系上"));
    const q = screen.getByTestId("safety-question");
    expect(q.textContent).toContain("有没有住院或去急诊");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(screen.getByText("请先问安全性问题并记录回答。")).toBeTruthy();

    await user.click(within(q).getByLabelText("有（请记录）"));
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(screen.getByText("请写下患者说了什么。")).toBeTruthy();
    expect(api.calls.filter((c) => c.method === "POST")).toHaveLength(0);

    await user.type(within(q).getByLabelText(/患者说了什么（原话）/), "上周因为头晕摔倒，住院两天");
    await user.click(within(q).getByLabelText("住院或延长住院"));
    await user.click(screen.getByLabelText("副作用"));
    await user.click(screen.getByRole("button", { name: "保存" }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    const post = api.calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      outcome: "reached",
      safety: {
        asked: true,
        anyEvent: true,
        description: "上周因为头晕摔倒，住院两天",
        seriousness: ["hospitalisation"],
      },
      missedDoseReasons: ["side_effect"],
    });
  });

  it("sends asked-and-nothing as anyEvent false, and asks nothing on a call that did not get through", async () => {
    const api = fakeApi({ "POST /api/v1/patients/p1/follow-ups": ({ body }) => ({ status: 201, body }) });
    const done = vi.fn();
    renderPage(<CallForm patientId="p1" name="张玉兰" onDone={done} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("未联系上"));
    expect(screen.queryByTestId("safety-question")).toBeNull();
    await user.click(screen.getByLabelText("已联系上"));
    await user.click(screen.getByLabelText("都没有"));
    await user.click(screen.getByRole("button", { name: "保存" }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    const body = api.calls.find((c) => c.method === "POST")?.body as Record<string, unknown>;
    expect(body.safety).toEqual({ asked: true, anyEvent: false });
    expect(body).not.toHaveProperty("missedDoseReasons");
  });
});

describe("clinician: report from the patient page", () => {
  it("sends several events, suspect medicines from the plans and special situations, then shows the case number", async () => {
    const api = fakeApi({
      "POST /api/v1/patients/p1/adverse-events": ({ body }) => ({
        status: 201,
        body: {
          id: (body as { id: string }).id,
          caseNumber: "STY-2026-000123",
          awareAt: "2026-12-07T02:00:00Z",
        },
      }),
    });
    renderPage(
      <AdverseEventSection
        patientId="p1"
        plans={[
          { id: PLAN_A, drug: "氨氯地平", dose: "5 mg" },
          { id: PLAN_B, drug: "二甲双胍", dose: "500 mg" },
        ]}
      />,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "报告不良事件" }));
    const form = screen.getByTestId("ae-form");
    await user.click(within(form).getByRole("button", { name: "提交" }));
    expect(within(form).getByText("请至少填写一个事件或选择一项特殊情况。")).toBeTruthy();

    await user.type(within(form).getByLabelText("事件描述 1"), "脚踝肿");
    await user.click(within(form).getByRole("button", { name: "+ 再加一个事件" }));
    await user.type(within(form).getByLabelText("事件描述 2"), "面部潮红");
    const second = within(form).getAllByTestId("ae-event")[1] as HTMLElement;
    await user.selectOptions(within(second).getByLabelText("结局"), "recovering");
    await user.click(within(form).getByLabelText("氨氯地平 5 mg"));
    await user.click(within(form).getByLabelText("妊娠期用药"));
    await user.click(within(form).getByRole("button", { name: "提交" }));

    expect((await screen.findByTestId("ae-done")).textContent).toContain("STY-2026-000123");
    const post = api.calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      events: [{ verbatim: "脚踝肿" }, { verbatim: "面部潮红", outcome: "recovering" }],
      planIds: [PLAN_A],
      specialSituations: ["pregnancy"],
    });
    expect((post?.body as { id?: string } | undefined)?.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("rep: write-only report", () => {
  it("checks the required fields, sends the contract's body and shows only the case number and receipts", async () => {
    let receipts = [{ caseNumber: "STY-2026-000100", awareAt: "2026-12-01T01:00:00Z" }];
    const api = fakeApi({
      "GET /api/v1/safety/reports": () => ({ body: receipts }),
      "POST /api/v1/safety/reports": () => {
        receipts = [...receipts, { caseNumber: "STY-2026-000124", awareAt: "2026-12-06T16:00:00Z" }];
        return { status: 201, body: { caseNumber: "STY-2026-000124", awareAt: "2026-12-06T16:00:00Z" } };
      },
    });
    renderPage(<RepReportPage />);
    const user = userEvent.setup();
    expect((await screen.findByTestId("receipts")).textContent).toContain("STY-2026-000100");
    const form = screen.getByTestId("rep-ae-form");
    await user.click(within(form).getByRole("button", { name: "提交" }));
    expect(within(form).getAllByText("必填", { selector: ".field-error" })).toHaveLength(3);
    expect(api.calls.filter((c) => c.method === "POST")).toHaveLength(0);

    await user.click(within(form).getByLabelText("药师"));
    await user.type(within(form).getByLabelText("姓名缩写"), "ZYL");
    await user.selectOptions(within(form).getByLabelText("性别"), "female");
    await user.type(within(form).getByLabelText("年龄（岁）"), "67");
    await user.type(within(form).getByLabelText(/^药品/), "氨氯地平片");
    await user.type(within(form).getByLabelText(/对方说了什么/), "药师说患者服药后脚踝肿");
    const aware = within(form).getByLabelText("您听到的日期") as HTMLInputElement;
    await user.clear(aware);
    await user.type(aware, "2026-12-06");
    await user.click(within(form).getByRole("button", { name: "提交" }));

    expect((await screen.findByTestId("case-number")).textContent).toBe("STY-2026-000124");
    expect(screen.queryByTestId("rep-ae-form")).toBeNull();
    const post = api.calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      reporterQualification: 2,
      patient: { initials: "ZYL", sex: "female", ageYears: 67 },
      drug: "氨氯地平片",
      description: "药师说患者服药后脚踝肿",
      awareOn: "2026-12-06",
    });
    await waitFor(() => expect(screen.getByTestId("receipts").textContent).toContain("STY-2026-000124"));
  });
});
