import { buildRelease, type CountRow } from "./domain/aggregates-release";
import { clinicRows, programmeReport } from "./domain/aggregates-report";
import { monthIndex } from "./domain/aggregates-stats";
import { rng } from "./seed/random";

const r = rng(5);
const REG = ["华北", "东北", "华东", "华中", "华南", "西南", "西北"];
const now = Date.now();
const cur = monthIndex(new Date(now).toISOString().slice(0, 10));
const clinics = Array.from({ length: 400 }, (_, k) => ({
  id: `c${k}`,
  name: `c${k}`,
  city: "x",
  level: "三级",
  region: REG[k % 7] as string,
  createdAt: now - 400 * 864e5,
  onboardedBy: `rep${k % 20}`,
  doctors: 1,
  pendingInvites: 0,
  agreementSignedOn: null,
}));
const counts: CountRow[] = [];
for (const c of clinics)
  for (let m = cur - 12; m <= cur; m++) {
    const n = r.int(0, 40);
    if (!n) continue;
    counts.push({ clinicId: c.id, enrolMonth: m, measure: "n", month: 0, n });
    for (const [meas, f] of [
      ["act7", 0.8],
      ["elig", m < cur - 3 ? 1 : 0],
      ["adh90", m < cur - 3 ? 0.7 : 0],
      ["bpa", 0.5],
      ["bpc", 0.3],
    ] as const)
      counts.push({
        clinicId: c.id,
        enrolMonth: m,
        measure: meas,
        month: 0,
        n: Math.floor(n * (f as number)),
      });
  }
const t = { build: [] as number[], report: [] as number[], rep: [] as number[] };
for (let i = 0; i < 12; i++) {
  const a = performance.now();
  const rel = buildRelease({ programmeId: "p", now, clinics, counts });
  const b = performance.now();
  const rep = programmeReport(
    rel,
    { id: "p", name: "p", targets: { baselineAdherence: 0.65, targetAdherence: 0.8, enrolmentTarget: 1 } },
    0,
  );
  JSON.stringify(rep);
  const c = performance.now();
  JSON.stringify(clinicRows(rel, "rep3"));
  const d = performance.now();
  t.build.push(b - a);
  t.report.push(c - b);
  t.rep.push(d - c);
}
const med = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]?.toFixed(1);
console.log(
  `build+disclose ${med(t.build)} ms, programme report ${med(t.report)} ms, rep rows ${med(t.rep)} ms`,
);
