import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeApi, openPage, tap, typeInto } from "./harness";

const openLogPage = (kind: "bp" | "glucose") => openPage("log", { kind });

const storedQueue = () => JSON.parse(localStorage.getItem("steady.queue.v1") ?? "{}").data ?? [];

describe("blood pressure form", () => {
  beforeEach(() => {
    fakeApi();
  });

  it("says in plain Chinese which field is wrong and saves nothing", async () => {
    const { container } = await openLogPage("bp");
    await tap(screen.getByTestId("save-bp"));
    expect(screen.getByTestId("error-systolic").textContent).toContain("请输入 50–300 之间的高压数字");
    expect(screen.getByTestId("error-diastolic").textContent).toContain("请输入 20–200 之间的低压数字");
    expect(screen.queryByTestId("error-pulse")).toBeNull(); // optional

    typeInto(container, "systolic", "120");
    typeInto(container, "diastolic", "130");
    await tap(screen.getByTestId("save-bp"));
    expect(screen.queryByTestId("error-systolic")).toBeNull();
    expect(screen.getByTestId("error-diastolic").textContent).toContain("低压应该比高压小");

    typeInto(container, "diastolic", "80");
    typeInto(container, "pulse", "abc");
    await tap(screen.getByTestId("save-bp"));
    expect(screen.queryByTestId("error-diastolic")).toBeNull();
    expect(screen.getByTestId("error-pulse").textContent).toContain("请输入 20–250 之间的心率");
    expect(storedQueue()).toEqual([]);
  });

  it("shows a crisis reading's instructions at once, even with no network, and queues it", async () => {
    const api = fakeApi();
    api.offline = true;
    const { container } = await openLogPage("bp");
    // 186/124: diastolic above 120 → crisis (seek care now), grade 3.
    typeInto(container, "systolic", "186");
    typeInto(container, "diastolic", "124");
    await tap(screen.getByTestId("save-bp"));
    const urgent = await screen.findByTestId("feedback-urgent");
    expect(urgent.getAttribute("role")).toBe("alert");
    expect(urgent.textContent).toContain("危险！请立即就医");
    expect(urgent.textContent).toContain("血压很高（3 级）");
    expect(urgent.textContent).toContain("已保存在手机上，等待上传");
    const queued = storedQueue();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: "bp", body: { systolic: 186, diastolic: 124 } });
    await waitFor(() => expect(screen.getByTestId("sync-pending").textContent).toContain("1 条记录等待上传"));
  });

  it("tells a grade-3 (not crisis) reading to call the doctor, and uploads it once online", async () => {
    const api = fakeApi();
    const { container, appStore } = await openLogPage("bp");
    // 180/112: systolic ≥ 180 (and diastolic ≥ 110) → grade 3, urgent; neither is *above*
    // 180/120, so it is not the crisis range → call the doctor, no 120.
    typeInto(container, "systolic", "180");
    typeInto(container, "diastolic", "112");
    await tap(screen.getByTestId("save-bp"));
    const urgent = await screen.findByTestId("feedback-urgent");
    expect(urgent.textContent).toContain("血压很高，请现在就处理");
    expect(urgent.textContent).toContain("联系您的医生");
    expect(urgent.textContent).not.toContain("拨打 120");
    await appStore.sync();
    await waitFor(() => expect(storedQueue()).toEqual([]));
    expect(api.stored.size).toBe(1);
  });
});

describe("glucose form", () => {
  it("defaults to mmol/L, accepts mg/dL and asks for the meal context", async () => {
    const api = fakeApi();
    const { container } = await openLogPage("glucose");
    expect(screen.getByTestId("unit-mmol/L").getAttribute("aria-checked")).toBe("true");
    typeInto(container, "value", "6.2");
    await tap(screen.getByTestId("save-glucose"));
    expect(screen.getByTestId("error-context").textContent).toContain("请选择什么时候测的");

    // 50 mg/dL ÷ 18.0156 = 2.78 → 2.8 mmol/L < 3.0: level-2 hypoglycaemia, urgent.
    await tap(screen.getByTestId("unit-mg/dL"));
    typeInto(container, "value", "50");
    expect(container.textContent).toContain("约 2.8 mmol/L");
    await tap(screen.getByTestId("context-fasting"));
    await tap(screen.getByTestId("save-glucose"));
    const urgent = await screen.findByTestId("feedback-urgent");
    expect(urgent.textContent).toContain("血糖太低（严重低血糖）");
    expect(urgent.textContent).toContain("15 克糖");
    await waitFor(() => expect(api.stored.size).toBe(1));
    expect([...api.stored.values()][0]).toMatchObject({
      kind: "glucose",
      value: 50,
      unit: "mg/dL",
      context: "fasting",
    });
  });

  it("rejects a value no glucometer shows", async () => {
    fakeApi();
    const { container } = await openLogPage("glucose");
    typeInto(container, "value", "55"); // 55 mmol/L > 40
    await tap(screen.getByTestId("context-random"));
    await tap(screen.getByTestId("save-glucose"));
    expect(screen.getByTestId("error-value").textContent).toContain("0.5–40 mmol/L");
    expect(storedQueue()).toEqual([]);
  });
});
