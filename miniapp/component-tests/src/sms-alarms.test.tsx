// SMS consent in "My data", and phone calendar alarms for the plan times (in the browser build:
// an .ics file), remembered so a changed plan is offered again.
import { screen, waitFor } from "@testing-library/react";
import ICAL from "ical.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, openPage, tap, typeInto } from "./harness";

const open = (page: "me" | "plans") => openPage(page);

afterEach(() => vi.restoreAllMocks());

describe("SMS reminders in My data", () => {
  it("needs its own consent, checks the number, and sends the consent version", async () => {
    let saved: { phone: string; consent: boolean } | null = null;
    const api = fakeApi({
      "GET /api/v1/me": () => ({ patientId: "p", profile: { phone: "13812345678" } }),
      "GET /api/v1/me/sms": () => ({
        phone: saved?.phone ?? null,
        consent: saved?.consent ?? false,
        consentVersion: null,
        consentedAt: null,
        withdrawnAt: null,
        currentConsentVersion: "sms-2026-01",
      }),
      "PUT /api/v1/me/sms": (b) => {
        const body = b as { phone: string; consent: { accepted: boolean } };
        saved = { phone: body.phone, consent: body.consent.accepted };
        return { phone: body.phone, consent: body.consent.accepted, currentConsentVersion: "sms-2026-01" };
      },
    });
    const { container } = await open("me");
    const card = await screen.findByTestId("sms-card");
    // The enrolment phone fills the field.
    await waitFor(() =>
      expect((container.querySelector('[name="smsPhone"]') as HTMLInputElement)?.value).toBe("13812345678"),
    );
    await tap(screen.getByTestId("sms-save"));
    expect(card.textContent).toContain("需要您勾选同意后才能开通");
    typeInto(container, "smsPhone", "1234");
    await tap(screen.getByTestId("sms-consent"));
    await tap(screen.getByTestId("sms-save"));
    expect(screen.getByTestId("error-smsPhone")).toBeTruthy();
    expect(api.calls.some((c) => c.method === "PUT")).toBe(false);
    typeInto(container, "smsPhone", "13912345678");
    await tap(screen.getByTestId("sms-save"));
    expect((await screen.findByTestId("sms-on")).textContent).toContain("13912345678");
    expect(api.calls.find((c) => c.method === "PUT")?.body).toEqual({
      phone: "13912345678",
      consent: { version: "sms-2026-01", accepted: true },
    });
  });

  it("sends no consent while the server has not said which text is current", async () => {
    const api = fakeApi({ "GET /api/v1/me": () => ({ patientId: "p", profile: { phone: "13812345678" } }) });
    api.offline = true;
    const { container } = await open("me");
    const card = await screen.findByTestId("sms-card");
    typeInto(container, "smsPhone", "13912345678");
    await tap(screen.getByTestId("sms-consent"));
    await tap(screen.getByTestId("sms-save"));
    expect(card.textContent).toContain("暂时连不上服务器");
    expect(card.textContent).not.toContain("sms-2026-01");
    expect(api.calls.some((c) => c.method === "PUT")).toBe(false);
  });
});

describe("phone calendar alarms", () => {
  it("offers an .ics with the plan times, remembers them, and offers the change when a plan changes", async () => {
    vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-11-20T02:00:00Z"));
    let blobText = "";
    URL.createObjectURL = vi.fn((b: Blob) => {
      // jsdom's Blob has no text(); its FileReader reads it.
      const reader = new FileReader();
      reader.onload = () => {
        blobText = String(reader.result);
      };
      reader.readAsText(b);
      return "blob:steady";
    });
    URL.revokeObjectURL = vi.fn();
    // The download itself: a link to the file, clicked (jsdom cannot navigate).
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe("steady-alarms.ics");
    });
    let times = ["08:00", "20:00"];
    fakeApi({
      "GET /api/v1/me/plans": () => ({
        plans: [
          {
            id: "0190a000-0000-7000-8000-0000000000c1",
            drug: "氨氯地平",
            dose: "5 mg",
            times,
            startDate: "2026-11-01",
            endDate: null,
            stoppedAt: null,
          },
        ],
      }),
    });
    const first = await open("plans");
    await tap(await screen.findByTestId("alarm-ics"));
    await waitFor(() => expect(blobText).toContain("BEGIN:VCALENDAR"));
    expect(click).toHaveBeenCalledTimes(1);
    const events = new ICAL.Component(ICAL.parse(blobText))
      .getAllSubcomponents("vevent")
      .map((c) => new ICAL.Event(c));
    expect(events.map((e) => [e.startDate.toString(), e.summary, e.description])).toEqual([
      ["2026-11-20T08:00:00", "该吃药了", "08:00 要吃：氨氯地平 5 mg"],
      ["2026-11-20T20:00:00", "该吃药了", "20:00 要吃：氨氯地平 5 mg"],
    ]);
    expect(screen.getByTestId("alarm-ics-done")).toBeTruthy();
    expect(Object.keys(JSON.parse(localStorage.getItem("steady.alarms") ?? "{}").data)).toEqual([
      "08:00",
      "20:00",
    ]);

    // The plan moves from 20:00 to 21:00: the app offers 21:00 and names 20:00 to delete.
    times = ["08:00", "21:00"];
    first.unmount();
    await open("plans");
    expect((await screen.findByTestId("alarm-remove")).textContent).toContain("20:00");
    expect(screen.getByTestId("alarm-ics")).toBeTruthy();
  });
});
