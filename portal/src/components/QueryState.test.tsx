import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import DeadLettersPage from "../programme/DeadLettersPage";
import { fakeApi, renderPage } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

const PATH = "GET /api/v1/programme/reminder-dead-letters";
const ONE = {
  items: [
    {
      id: 7,
      at: "2026-11-20T00:05:00.000Z",
      job: "send",
      attempts: 3,
      errcode: 45011,
      error: "quota",
      sends: [],
    },
  ],
  nextBefore: null,
};

// Through a real page that shows its list with QueryState: loading, error, retry, content.
describe("QueryState", () => {
  it("says a load failed in words and loads again on 重试", async () => {
    let calls = 0;
    fakeApi({
      [PATH]: () =>
        ++calls === 1 ? { status: 503, body: { status: 503, title: "Service unavailable" } } : { body: ONE },
    });
    renderPage(<DeadLettersPage />);
    expect(screen.getByRole("status").textContent).toBe("正在加载…");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("服务器出错");
    await userEvent.setup().click(within(alert).getByRole("button", { name: "重试" }));
    expect(await screen.findByText("45011")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls).toBe(2);
  });

  it("offers no retry where asking again cannot help (a refusal), in English too", async () => {
    fakeApi({ [PATH]: { status: 403, body: { status: 403, title: "Forbidden" } } });
    renderPage(<DeadLettersPage />, { locale: "en" });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Your role cannot do this.");
    expect(within(alert).queryByRole("button")).toBeNull();
  });

  it("offers Try again when the server cannot be reached", async () => {
    const fetchMock = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<DeadLettersPage />, { locale: "en" });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Cannot reach the server");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
