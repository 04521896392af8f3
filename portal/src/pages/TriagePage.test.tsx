import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import { TriagePage } from "./TriagePage";

// jsdom lays nothing out: give the scrolling list a height so the virtualiser renders rows.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 640 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
});
afterEach(() => vi.unstubAllGlobals());

const row = (i: number, over: Record<string, unknown>) => ({
  patientId: `p${i}`,
  name: `患者${i}`,
  doctorName: "陈晓东 医生",
  tier: "stable",
  reasons: [],
  reasonCodes: [],
  doseAdherence14d: 0.9,
  daysCovered30d: 0.9,
  bpMean7d: null,
  lastActivityAt: null,
  enrolledAt: "2026-09-01T00:00:00.000Z",
  openAlerts: 0,
  condition: "hypertension",
  ...over,
});

const ROWS = [
  row(1, {
    name: "黄丽华",
    tier: "urgent",
    reasonCodes: [{ code: "urgent_alert", count: 1 }],
    openAlerts: 1,
  }),
  row(2, {
    name: "孙淑珍",
    tier: "attention",
    reasonCodes: [{ code: "low_adherence", taken: 6, due: 14 }],
    condition: "both",
  }),
  row(3, {
    name: "张玉兰",
    tier: "silent",
    reasonCodes: [{ code: "silent", days: 9 }],
    doctorName: "王海燕 医生",
    condition: "diabetes",
  }),
  // A big clinic: 2,000 rows, only a screenful of them in the DOM.
  ...Array.from({ length: 1997 }, (_, i) => row(i + 4, {})),
];

const doctorSelect = () => screen.getByRole("combobox", { name: "按医生筛选" });
const conditionSelect = () => screen.getByRole("combobox", { name: "按病种筛选" });
const names = () => screen.getAllByTestId("triage-row").map((r) => within(r).getByRole("link").textContent);

describe("TriagePage", () => {
  it("lists the most urgent first with the reasons in words, rendering only what is on screen", async () => {
    fakeApi({ "GET /api/v1/patients": { body: ROWS } });
    renderPage(<TriagePage />);
    const rows = await screen.findAllByTestId("triage-row");
    expect(rows[0]?.textContent).toContain("黄丽华");
    expect(rows[0]?.textContent).toContain("紧急");
    expect(rows[0]?.textContent).toContain("未处理的紧急警报 1 条");
    expect(rows[1]?.textContent).toContain("14 天内服药 6/14 次");
    expect(rows[2]?.textContent).toContain("9 天无记录");
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByText("显示 2000 / 2000 位患者", { exact: false })).toBeTruthy();
  });

  it("filters by tier, doctor and name, and counts each tier", async () => {
    fakeApi({ "GET /api/v1/patients": { body: ROWS } });
    renderPage(<TriagePage />);
    await screen.findAllByTestId("triage-row");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: /需关注/ }));
    let rows = screen.getAllByTestId("triage-row");
    expect(rows.map((r) => r.dataset.tier)).toEqual(["attention"]);
    await user.click(screen.getByRole("button", { name: /全部/ }));
    await user.selectOptions(doctorSelect(), "王海燕 医生");
    rows = screen.getAllByTestId("triage-row");
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual(["张玉兰"]);
    expect(screen.getByRole("button", { name: /无记录/ }).textContent).toContain("1");
    await user.selectOptions(doctorSelect(), "all");
    await user.type(screen.getByRole("searchbox"), "孙");
    expect(screen.getAllByTestId("triage-row").map((r) => within(r).getByRole("link").textContent)).toEqual([
      "孙淑珍",
    ]);
  });

  it("filters by condition from the URL and the select, with counts, and exports the same", async () => {
    // One unset patient besides the seeded-style rows: 1,997 + 黄丽华 hypertensive, 孙淑珍 both,
    // 张玉兰 diabetic → hypertension 1,999 (incl. both), diabetes 2, both 1, unset 1.
    fakeApi({ "GET /api/v1/patients": { body: [...ROWS, row(9999, { name: "未填者", condition: null })] } });
    renderPage(<TriagePage />, { route: "/?condition=diabetes" });
    await screen.findAllByTestId("triage-row");
    expect(names()).toEqual(["孙淑珍", "张玉兰"]);
    const select = conditionSelect() as HTMLSelectElement;
    expect(select.value).toBe("diabetes");
    expect([...select.options].map((o) => o.textContent)).toEqual([
      "全部病种 (2001)",
      "患高血压 (1999)",
      "患 2 型糖尿病 (2)",
      "两病兼有 (1)",
      "病种未填写 (1)",
    ]);
    expect(screen.getAllByTestId("triage-row").map((r) => r.dataset.condition)).toEqual(["both", "diabetes"]);
    expect(screen.getByRole("link", { name: "导出 CSV" }).getAttribute("href")).toBe(
      "/api/v1/patients/export.csv?condition=diabetes&lang=zh-CN",
    );
    const user = userEvent.setup();
    await user.selectOptions(conditionSelect(), "both");
    expect(names()).toEqual(["孙淑珍"]);
    expect(screen.getAllByTestId("triage-row")[0]?.textContent).toContain("高血压+糖尿病");
    await user.selectOptions(conditionSelect(), "unset");
    expect(names()).toEqual(["未填者"]);
    expect(screen.getAllByTestId("triage-row")[0]?.textContent).toContain("病种未填");
    await user.selectOptions(conditionSelect(), "all");
    expect(screen.getByText("显示 2001 / 2001 位患者", { exact: false })).toBeTruthy();
  });

  it("moves between rows with the arrow keys; only the active row is in the tab order", async () => {
    fakeApi({ "GET /api/v1/patients": { body: ROWS } });
    renderPage(<TriagePage />);
    await screen.findAllByTestId("triage-row");
    const links = () => screen.getAllByTestId("triage-row").map((r) => within(r).getByRole("link"));
    expect(
      links()
        .filter((a) => a.tabIndex === 0)
        .map((a) => a.textContent),
    ).toEqual(["黄丽华"]);
    links()[0]?.focus();
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement?.textContent).toBe("张玉兰"));
    expect(
      links()
        .filter((a) => a.tabIndex === 0)
        .map((a) => a.textContent),
    ).toEqual(["张玉兰"]);
  });

  it("offers the CSV of exactly what is filtered, in the reader's language", async () => {
    fakeApi({ "GET /api/v1/patients": { body: ROWS } });
    renderPage(<TriagePage />, { route: "/?tier=urgent" });
    await screen.findAllByTestId("triage-row");
    const href = screen.getByRole("link", { name: "导出 CSV" }).getAttribute("href");
    expect(href).toBe("/api/v1/patients/export.csv?tier=urgent&lang=zh-CN");
  });
});
