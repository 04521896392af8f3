// A few adverse-event cases for the default demo, so the safety officer's inbox shows what it is
// for on a fresh start: a doctor's report with a hospital stay (serious, due soonest), a doctor's
// report of a rash, and a rep's write-only report heard at a clinic. They go through the same
// capture functions as the routes (dates, validity, case numbers), as the people who report them.
import type { Db } from "../env";
import { recordClinicianReport, recordRepReport } from "../safety/capture";

const DAY = 86_400_000;
const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

export async function seedDemoSafetyCases(db: Db, clinicAPatients: string[], now: number): Promise<number> {
  const [first, second] = clinicAPatients;
  const doctor = { id: "user-doctorA", role: "doctor" };
  let n = 0;
  if (first) {
    await recordClinicianReport(
      db,
      doctor,
      first,
      {
        id: "0194f3a0-5afe-7000-8000-000000000001",
        events: [{ verbatim: "服药后头晕、跌倒，急诊留观一晚", onsetOn: shanghaiDay(now - 2 * DAY) }],
        seriousness: ["hospitalisation"],
      },
      now - 3 * 3600_000,
    );
    n++;
  }
  if (second) {
    await recordClinicianReport(
      db,
      doctor,
      second,
      {
        id: "0194f3a0-5afe-7000-8000-000000000002",
        description: "患者诉服药一周后双前臂皮疹，瘙痒，已自行停药两天",
      },
      now - 26 * 3600_000,
    );
    n++;
  }
  await recordRepReport(
    db,
    { id: "user-rep", role: "rep" },
    {
      id: "0194f3a0-5afe-7000-8000-000000000003",
      reporterQualification: 1,
      patient: { initials: "L.G.", sex: "female", ageYears: 71 },
      drug: "氨氯地平片",
      description: "门诊医生提到一位患者服药后脚踝水肿明显",
      awareOn: shanghaiDay(now - DAY),
    },
    now - 20 * 3600_000,
  );
  return n + 1;
}
