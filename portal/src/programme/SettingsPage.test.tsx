import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import SettingsPage from "./SettingsPage";

afterEach(() => vi.unstubAllGlobals());

const SETTINGS = {
  id: "prog-1",
  name: "稳稳",
  conditions: ["hypertension", "diabetes"],
  targets: { baselineAdherence: 0.65, targetAdherence: 0.8, enrolmentTarget: 2000 },
  consent: { version: "2026-01", text: "我同意" },
  education: [
    { id: "salt", zh: { title: "少吃盐", body: "每天不超过5克" }, en: { title: "Less salt", body: "<5 g" } },
  ],
  updatedAt: null,
  version: 3,
};

describe("SettingsPage: a save that answers 412 (ADR 0011)", () => {
  it("shows both admins' changes and redoes only this admin's over the current version", async () => {
    // Another admin renamed the programme meanwhile (version 4).
    let stored: Record<string, unknown> = { ...SETTINGS, name: "稳稳二期", version: 4 };
    const api = fakeApi({
      "GET /api/v1/programme/settings": { body: SETTINGS },
      "PUT /api/v1/programme/settings": ({ body }) => {
        if (api.calls.filter((c) => c.method === "PUT").length === 1)
          return { status: 412, body: { status: 412, detail: "changed", current: stored } };
        stored = { ...stored, ...(body as object), version: 5 };
        return { body: stored };
      },
    });
    renderPage(<SettingsPage />);
    const user = userEvent.setup();
    const target = await screen.findByRole("textbox", { name: "目标依从率（%）" });
    await user.clear(target);
    await user.type(target, "85");
    await user.click(screen.getByRole("button", { name: "保存设置" }));

    const dialog = await screen.findByRole("alertdialog", { name: "您编辑期间，别人已保存了修改" });
    const rows = [...dialog.querySelectorAll("tbody tr")].map((r) =>
      [...r.querySelectorAll("th, td")].map((c) => c.textContent),
    );
    expect(rows).toEqual([
      ["项目名称", "（未改）", "稳稳二期"],
      ["目标依从率（%）", "85", "80"],
    ]);
    await user.click(within(dialog).getByRole("button", { name: "在最新内容上保存我的修改" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    const puts = api.calls.filter((c) => c.method === "PUT");
    expect(puts.map((c) => c.ifMatch)).toEqual(['"3"', '"4"']);
    // The other admin's name stays; this admin's target goes in.
    expect(puts[1]?.body).toMatchObject({ name: "稳稳二期", targets: { targetAdherence: 0.85 } });
    expect((screen.getByRole("textbox", { name: "项目名称" }) as HTMLInputElement).value).toBe("稳稳二期");
  });
});
