// The enrolment profile asks what the patient is treated for: optional, with "not sure" as an
// answer that sends nothing (the doctor fills it in from the portal, ADR 0008).
import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { enrolRoutes } from "./fixtures";
import { fakeApi, router, settle, tap, typeInto } from "./harness";

async function toProfile() {
  const api = fakeApi(enrolRoutes());
  vi.resetModules();
  router.params = { scene: "A-DEMO-CHEN" };
  const mod = await import("../../src/pages/enrol/index");
  const { appStore } = await import("../../src/state/store");
  await appStore.init();
  const view = render(<mod.default />);
  await screen.findByTestId("page-enrol", {}, { timeout: 10_000 });
  await settle();
  await tap(await screen.findByTestId("doctor-ok"));
  await tap(screen.getByTestId("consent-check"));
  await tap(screen.getByTestId("consent-agree"));
  await screen.findByTestId("enrol-profile");
  typeInto(view.container, "name", "王秀英");
  typeInto(view.container, "birthYear", "1956");
  await tap(screen.getByTestId("sex-female"));
  const sent = () => api.calls.find((c) => c.method === "POST" && c.path === "/api/v1/enrol")?.body;
  return { sent };
}

describe("enrolment: condition", () => {
  it("offers the three conditions and 'not sure' as one radio group, and sends the choice", async () => {
    const { sent } = await toProfile();
    const radios = screen.getAllByRole("radio").filter((r) => r.dataset.testid?.startsWith("condition-"));
    expect(radios.map((r) => r.textContent)).toEqual(["高血压", "2 型糖尿病", "两种都有", "不确定"]);
    expect(screen.getByTestId("enrol-profile").textContent).toContain("您在这里看的是哪种病？");
    await tap(screen.getByTestId("condition-diabetes"));
    expect(screen.getByTestId("condition-diabetes").getAttribute("aria-checked")).toBe("true");
    expect(screen.getByTestId("condition-diabetes").textContent).toBe("✓ 2 型糖尿病");
    await tap(screen.getByTestId("enrol-submit"));
    await screen.findByTestId("enrol-done");
    expect(sent()).toMatchObject({ profile: { name: "王秀英", condition: "diabetes" } });
  });

  it("sends no condition for 'not sure'", async () => {
    const { sent } = await toProfile();
    await tap(screen.getByTestId("condition-both"));
    await tap(screen.getByTestId("condition-unsure"));
    await tap(screen.getByTestId("enrol-submit"));
    await screen.findByTestId("enrol-done");
    const body = sent() as { profile: Record<string, unknown> };
    expect(body.profile.name).toBe("王秀英");
    expect("condition" in body.profile).toBe(false);
  });
});
