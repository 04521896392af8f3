// Enrolment that cannot dead-end (issue 13): the doctor and the consent version come from the
// server only; a failed preview is retried and never lets the patient past the doctor step;
// every error is in Chinese, under the button the patient tapped.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, openPage, tap, typeInto } from "./harness";

const open = (page: "enrol" | "me", params: Record<string, string> = {}) => openPage(page, params);

const preview = (version = "2026-01") => ({
  clinic: { name: "协和医院心内科" },
  doctor: { name: "陈晓东 医生" },
  programme: { name: "稳稳", consentVersion: version },
});
const login = () => ({ token: "t", patientId: "p", enrolled: false });
const serverError = { __status: 503, body: { title: "Service Unavailable", status: 503 } };
/** The card (step) an element sits in. */
const cardOf = (el: Element) => el.closest(".card");

async function throughConsent(container: HTMLElement) {
  await tap(await screen.findByTestId("doctor-ok"));
  await tap(screen.getByTestId("consent-check"));
  await tap(screen.getByTestId("consent-agree"));
  await screen.findByTestId("enrol-profile");
  typeInto(container, "name", "王秀英");
  typeInto(container, "birthYear", "1956");
  await tap(screen.getByTestId("sex-female"));
}

describe("enrolment from the server only", () => {
  it("retries a failed preview by itself; the doctor's name is written once", async () => {
    let previews = 0;
    fakeApi({
      "POST /api/v1/auth/wechat": login,
      "GET /api/v1/enrol/A-DEMO-CHEN": () => (++previews === 1 ? serverError : preview()),
      "POST /api/v1/enrol": () => ({
        enrolmentId: "e1",
        clinic: { name: "协和医院心内科" },
        doctor: { name: "陈晓东 医生" },
      }),
    });
    const { container } = await open("enrol", { scene: "A-DEMO-CHEN" });
    const doctor = await screen.findByTestId("enrol-doctor", {}, { timeout: 5_000 });
    expect(previews).toBe(2);
    expect(doctor.textContent).toContain("陈晓东 医生");
    expect(doctor.textContent).not.toContain("医生 医生");
    await throughConsent(container);
    expect(screen.getByTestId("enrol-profile")).toBeTruthy();
    await tap(screen.getByTestId("enrol-submit"));
    const done = await screen.findByTestId("enrol-done");
    expect(done.textContent).toContain("已加入 协和医院心内科，陈晓东 医生");
    expect(done.textContent).not.toContain("医生 医生");
  });

  it("never shows the doctor step without the doctor: the error sits under the button, in Chinese", async () => {
    let up = false;
    const api = fakeApi({
      "POST /api/v1/auth/wechat": login,
      "GET /api/v1/enrol/A-DEMO-CHEN": () => (up ? preview() : serverError),
    });
    await open("enrol", { scene: "A-DEMO-CHEN" });
    const error = await screen.findByTestId("step-error", {}, { timeout: 5_000 });
    expect(error.textContent).toContain("暂时查不到这个加入码对应的医生");
    expect(error.getAttribute("role")).toBe("alert");
    // Three tries, then the patient is asked; they are still on the code step.
    expect(api.calls.filter((c) => c.path === "/api/v1/enrol/A-DEMO-CHEN")).toHaveLength(3);
    expect(screen.queryByTestId("enrol-doctor")).toBeNull();
    expect(screen.queryByTestId("enrol-consent")).toBeNull();
    expect(cardOf(error)).toBe(cardOf(screen.getByTestId("code-check")));

    up = true;
    await tap(screen.getByTestId("code-check"));
    const doctor = await screen.findByTestId("enrol-doctor");
    expect(doctor.textContent).toContain("陈晓东");
    expect(screen.queryByTestId("step-error")).toBeNull();
  });

  it("a preview without the doctor or the consent version does not count as one", async () => {
    fakeApi({
      "POST /api/v1/auth/wechat": login,
      "GET /api/v1/enrol/A-DEMO-CHEN": () => ({ clinic: { name: "协和医院心内科" }, doctor: { name: "" } }),
    });
    await open("enrol", { scene: "A-DEMO-CHEN" });
    await screen.findByTestId("step-error", {}, { timeout: 5_000 });
    expect(screen.queryByTestId("enrol-doctor")).toBeNull();
  });

  it("when the consent text changed meanwhile: shows the new version, asks again, sends it", async () => {
    let version = "2026-01";
    const api = fakeApi({
      "POST /api/v1/auth/wechat": login,
      "GET /api/v1/enrol/A-DEMO-CHEN": () => preview(version),
      "POST /api/v1/enrol": (body) =>
        (body as { consent: { version: string } }).consent.version === "2026-02"
          ? { enrolmentId: "e1", clinic: { name: "协和医院心内科" }, doctor: { name: "陈晓东" } }
          : {
              __status: 422,
              body: {
                title: "consent text has changed",
                status: 422,
                errors: [{ path: "consent.version", message: "consent text has changed" }],
              },
            },
    });
    const { container } = await open("enrol", { scene: "A-DEMO-CHEN" });
    await throughConsent(container);
    version = "2026-02";
    await tap(screen.getByTestId("enrol-submit"));
    const consent = await screen.findByTestId("enrol-consent");
    expect(consent.textContent).toContain("同意书版本 2026-02");
    const error = screen.getByTestId("step-error");
    expect(error.textContent).toContain("同意书刚刚更新了");
    expect(cardOf(error)).toBe(consent);
    expect(error.textContent).not.toMatch(/[A-Za-z]{4,}/); // no English left over
    // Consent is asked again, not carried over.
    expect(screen.getByTestId("consent-agree").getAttribute("aria-disabled")).toBe("true");
    await tap(screen.getByTestId("consent-check"));
    await tap(screen.getByTestId("consent-agree"));
    await tap(await screen.findByTestId("enrol-submit"));
    await screen.findByTestId("enrol-done");
    const sent = api.calls.filter((c) => c.method === "POST" && c.path === "/api/v1/enrol");
    expect(sent.map((c) => (c.body as { consent: { version: string } }).consent.version)).toEqual([
      "2026-01",
      "2026-02",
    ]);
  });

  it("a failed submit says so in Chinese under the submit button", async () => {
    const api = fakeApi({
      "POST /api/v1/auth/wechat": login,
      "GET /api/v1/enrol/A-DEMO-CHEN": () => preview(),
      "POST /api/v1/enrol": () => ({ __status: 409, body: { title: "already enrolled", status: 409 } }),
    });
    const { container } = await open("enrol", { scene: "A-DEMO-CHEN" });
    await throughConsent(container);
    await tap(screen.getByTestId("enrol-submit"));
    const error = await screen.findByTestId("step-error");
    expect(error.textContent).toContain("另一家医院");
    expect(cardOf(error)).toBe(cardOf(screen.getByTestId("enrol-submit")));
    api.offline = true;
    await tap(screen.getByTestId("enrol-submit"));
    await waitFor(() => expect(screen.getByTestId("step-error").textContent).toContain("网络不好"));
  });
});

describe("我的", () => {
  it("shows the consent version the server recorded", async () => {
    localStorage.setItem(
      "steady.session",
      JSON.stringify({ data: { token: "t", patientId: "p", enrolled: true } }),
    );
    fakeApi({
      "GET /api/v1/me": () => ({
        patientId: "p",
        profile: { name: "王秀英", phone: null },
        consent: { version: "2026-01", acceptedAt: "2026-01-05T00:00:00.000Z" },
      }),
    });
    await open("me");
    const version = await screen.findByTestId("consent-version");
    expect(version.textContent).toBe("同意书版本 2026-01");
  });
});
