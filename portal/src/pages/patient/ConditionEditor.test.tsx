import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../../test/render";
import { ConditionEditor } from "./ConditionEditor";

afterEach(() => vi.unstubAllGlobals());

describe("ConditionEditor", () => {
  it("shows an unset condition in words, and lets only the doctor set it", async () => {
    fakeApi({});
    const { unmount } = renderPage(<ConditionEditor patientId="p1" condition={null} isDoctor={false} />);
    expect(screen.getByTestId("patient-condition").textContent).toBe("病种：病种未填写");
    expect(screen.queryByRole("button", { name: "修改病种" })).toBeNull();
    unmount();
  });

  it("sends the doctor's choice, and null to clear it", async () => {
    const api = fakeApi({
      "PUT /api/v1/patients/p1/condition": ({ body }) => ({ body }),
    });
    renderPage(<ConditionEditor patientId="p1" condition="hypertension" isDoctor />, { locale: "en" });
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
    expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ["PUT", "/api/v1/patients/p1/condition", { condition: "both" }],
      ["PUT", "/api/v1/patients/p1/condition", { condition: null }],
    ]);
  });
});
