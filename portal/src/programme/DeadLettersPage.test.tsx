import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import DeadLettersPage from "./DeadLettersPage";

afterEach(() => vi.unstubAllGlobals());

describe("DeadLettersPage", () => {
  it("lists what the reminder queue gave up on, with WeChat's last error", async () => {
    fakeApi({
      "GET /api/v1/programme/reminder-dead-letters": {
        body: {
          items: [
            {
              id: 7,
              at: "2026-11-20T00:05:00.000Z",
              job: "send",
              attempts: 11,
              errcode: 45011,
              error: "api minute-quota reach limit",
              sends: [
                { id: 1, kind: "dose", dueAt: "2026-11-20T00:00:00.000Z", status: "failed" },
                { id: 2, kind: "dose", dueAt: "2026-11-20T00:00:00.000Z", status: "failed" },
              ],
            },
          ],
          nextBefore: null,
        },
      },
    });
    renderPage(<DeadLettersPage />);
    expect(await screen.findByRole("heading", { name: "未送达的提醒" })).toBeTruthy();
    const row = (await screen.findByText("45011")).closest("tr") as HTMLElement;
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "时间",
      "提醒",
      "尝试次数",
      "最后的错误",
    ]);
    expect(row.textContent).toContain("2 条");
    expect(row.textContent).toContain("11");
    expect(row.textContent).toContain("api minute-quota reach limit");
  });

  it("says so when nothing is undelivered", async () => {
    fakeApi({ "GET /api/v1/programme/reminder-dead-letters": { body: { items: [], nextBefore: null } } });
    renderPage(<DeadLettersPage />);
    expect(await screen.findByText("没有未送达的提醒。")).toBeTruthy();
  });
});
