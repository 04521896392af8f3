import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../../test/render";
import { ConditionEditor } from "./ConditionEditor";

afterEach(() => vi.unstubAllGlobals());

describe("ConditionEditor", () => {
  it("shows an unset condition in words, and lets only the doctor set it", async () => {
    fakeApi({});
    const { unmount } = renderPage(
      <ConditionEditor patientId="p1" condition={null} version={1} isDoctor={false} />,
    );
    expect(screen.getByTestId("patient-condition").textContent).toBe("病种：病种未填写");
    expect(screen.queryByRole("button", { name: "修改病种" })).toBeNull();
    unmount();
  });

  it("sends the doctor's choice, and null to clear it", async () => {
    const api = fakeApi({
      "PUT /api/v1/patients/p1/condition": ({ body }) => ({ body: { ...(body as object), version: 4 } }),
    });
    renderPage(<ConditionEditor patientId="p1" condition="hypertension" version={3} isDoctor />, {
      locale: "en",
    });
    expect(screen.getByTestId("patient-condition").textContent).toBe("Condition: Hypertension");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Change condition" }));
    const select = screen.getByRole("combobox", { name: "Choose the condition" }) as HTMLSelectElement;
    expect(select.value).toBe("hypertension");
    await user.selectOptions(select, "both");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("form")).toBeNull());
    await user.click(screen.getByRole("button", { name: "Change condition" }));
    await user.selectOptions(screen.getByRole("combobox"), "unset");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(api.calls).toHaveLength(2));
    // Each save names the version it was based on (the page refetches it after a save).
    expect(api.calls.map((c) => [c.method, c.path, c.body, c.ifMatch])).toEqual([
      ["PUT", "/api/v1/patients/p1/condition", { condition: "both" }, '"3"'],
      ["PUT", "/api/v1/patients/p1/condition", { condition: null }, '"3"'],
    ]);
  });

  it("on 412 shows the stored condition against the doctor's choice, and redoes it over the new version", async () => {
    let stored = { condition: "diabetes", version: 5 };
    const api = fakeApi({
      "PUT /api/v1/patients/p1/condition": ({ body }) => {
        // The first save was based on version 3: someone set "diabetes" (version 5) meanwhile.
        if (api.calls.length === 1)
          return {
            status: 412,
            body: { status: 412, detail: "the condition was changed", current: stored },
          };
        stored = { condition: (body as { condition: string }).condition, version: 6 };
        return { body: stored };
      },
    });
    renderPage(<ConditionEditor patientId="p1" condition="hypertension" version={3} isDoctor />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "修改病种" }));
    await user.selectOptions(screen.getByRole("combobox"), "both");
    await user.click(screen.getByRole("button", { name: "保存" }));
    const dialog = await screen.findByRole("alertdialog", { name: "您编辑期间，别人已保存了修改" });
    const cells = [...dialog.querySelectorAll("tbody td")].map((c) => c.textContent);
    expect(cells).toEqual(["高血压 + 2 型糖尿病", "2 型糖尿病"]);
    await user.click(screen.getByRole("button", { name: "在最新内容上保存我的修改" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(api.calls.map((c) => [c.body, c.ifMatch])).toEqual([
      [{ condition: "both" }, '"3"'],
      [{ condition: "both" }, '"5"'],
    ]);
    expect(stored).toEqual({ condition: "both", version: 6 });
  });
});
