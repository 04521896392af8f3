// Server answers more than one test file needs, in one place (the API's shapes, not the app's).

/** One due dose of amlodipine on 2 March 2026, 08:00 in Shanghai, as GET /me/today lists it. */
export const dueSlot = (planId: string) => ({
  planId,
  drug: "氨氯地平",
  dose: "5 mg",
  scheduledAt: "2026-03-02T00:00:00.000Z",
  status: "due" as const,
});

/** The routes of an enrolment with code A-DEMO-CHEN (clinic, doctor, consent 2026-01), not enrolled yet. */
export const enrolRoutes = () => ({
  "GET /api/v1/enrol/A-DEMO-CHEN": () => ({
    clinic: { name: "协和医院心内科" },
    doctor: { name: "陈晓东" },
    programme: { name: "稳稳", consentVersion: "2026-01" },
  }),
  "POST /api/v1/enrol": () => ({
    enrolmentId: "e1",
    clinic: { name: "协和医院心内科" },
    doctor: { name: "陈晓东" },
  }),
  "POST /api/v1/auth/wechat": () => ({ token: "t", patientId: "p", enrolled: false }),
});
