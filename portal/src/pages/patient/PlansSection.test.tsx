import { planBase } from "@steady/shared/test-support";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PlanViewT } from "../../api/queries";
import { fakeApi, renderPage } from "../../test/render";
import { PlansSection } from "./PlansSection";

afterEach(() => vi.unstubAllGlobals());

const PLAN: PlanViewT = {
  id: "plan-1",
  ...planBase,
  prescribedBy: "user-doctorA",
  version: 2,
  supply: null,
  history: [],
};

describe("PlansSection: a plan edit that answers 412 (ADR 0011)", () => {
  it("shows the doctor's change against the stored plan and redoes only that change over the new version", async () => {
    // Meanwhile the patient added an evening dose (version 3).
    let stored: PlanViewT = { ...PLAN, times: ["08:00", "20:00"], version: 3 };
    const api = fakeApi({
      "GET /api/v1/staff": { body: { staff: [] } },
      "PATCH /api/v1/patients/p1/plans/plan-1": ({ body }) => {
        const patches = api.calls.filter((c) => c.method === "PATCH");
        if (patches.length === 1)
          return { status: 412, body: { status: 412, detail: "the plan was changed", current: stored } };
        stored = { ...stored, ...(body as object), version: 4 };
        return { body: stored };
      },
    });
    renderPage(<PlansSection patientId="p1" plans={[PLAN]} isDoctor />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "修改" }));
    const form = screen.getByTestId("plan-form");
    const dose = within(form).getByRole("textbox", { name: "剂量" });
    await user.clear(dose);
    await user.type(dose, "10 mg");
    await user.click(within(form).getByRole("button", { name: "保存" }));

    const dialog = await screen.findByRole("alertdialog", { name: "您编辑期间，别人已保存了修改" });
    const rows = [...dialog.querySelectorAll("tbody tr")].map((r) =>
      [...r.querySelectorAll("th, td")].map((c) => c.textContent),
    );
    expect(rows).toEqual([
      ["剂量", "10 mg", "5 mg"],
      ["服药时间", "（未改）", "08:00 20:00"],
    ]);

    await user.click(within(dialog).getByRole("button", { name: "在最新内容上保存我的修改" }));
    await waitFor(() => expect(screen.queryByTestId("plan-form")).toBeNull());
    const patches = api.calls.filter((c) => c.method === "PATCH").map((c) => [c.body, c.ifMatch]);
    // The redo keeps the patient's 20:00 dose: only the dose, the doctor's own change, is sent.
    expect(patches).toEqual([
      [{ dose: "10 mg" }, '"2"'],
      [{ dose: "10 mg" }, '"3"'],
    ]);
    expect(stored).toMatchObject({ dose: "10 mg", times: ["08:00", "20:00"], version: 4 });
  });

  it("drops the edit on request and shows the stored values in the form (English)", async () => {
    const stored: PlanViewT = { ...PLAN, dose: "2.5 mg", version: 3 };
    const api = fakeApi({
      "GET /api/v1/staff": { body: { staff: [] } },
      "PATCH /api/v1/patients/p1/plans/plan-1": {
        status: 412,
        body: { status: 412, detail: "the plan was changed", current: stored },
      },
    });
    renderPage(<PlansSection patientId="p1" plans={[PLAN]} isDoctor />, { locale: "en" });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Edit" }));
    const dose = screen.getByRole("textbox", { name: "Dose" });
    await user.clear(dose);
    await user.type(dose, "10 mg");
    await user.click(screen.getByRole("button", { name: "Save" }));
    const dialog = await screen.findByRole("alertdialog", {
      name: "Someone else saved a change while you were editing",
    });
    expect(within(dialog).getByRole("row", { name: /Dose/ }).textContent).toBe("Dose10 mg2.5 mg");
    await user.click(within(dialog).getByRole("button", { name: "Drop my change" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect((screen.getByRole("textbox", { name: "Dose" }) as HTMLInputElement).value).toBe("2.5 mg");
    expect(api.calls.filter((c) => c.method === "PATCH")).toHaveLength(1);
  });
});
