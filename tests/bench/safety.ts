// `pnpm bench:safety`: the safety officer's inbox over 100,000 cases (budget p95 < 150 ms, issue
// #12) and the cost of screening a note. In process over a real libSQL file (the app's own
// request path, without the network), so the figure is the server's share of the latency.
import { screenText } from "@steady/shared";
import { makeTestApp } from "@steady/worker/testing";

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DAY = 86_400_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};

const t = await makeTestApp();
const cookie = await t.portalLogin("safety@demo.test");
const sources = ["patient_app", "clinician", "follow_up_call", "rep", "screening"];
const statuses = ["new", "triaged", "awaiting_follow_up", "forwarded", "acknowledged", "not_forwarded"];
console.log(`seeding ${CASES} cases…`);
const started = performance.now();
for (let i = 0; i < CASES; i += 2000) {
  const stmts = [];
  for (let j = i; j < Math.min(CASES, i + 2000); j++) {
    const aware = t.now - (j % 365) * DAY - (j % 24) * 3_600_000;
    const status = statuses[j % statuses.length] as string;
    stmts.push({
      sql: `INSERT INTO safety_cases (id, seq, case_number, source, created_by, created_by_role, reporter_qualification,
        aware_at, day0, received_at, forward_due_at, regulatory_due_at, seriousness_reported, seriousness,
        special_situations, patient_id, patient_initials, patient_sex, patient_age_years, suspect_drugs,
        concomitant_drugs, events, description, status, version, contact_consent, restricted, forwarded_at)
        VALUES (?, ?, ?, ?, 'patient', 'patient', 5, ?, ?, ?, ?, ?, '[]', ?, '[]', ?, '王', 'female', 66,
        '[{"name":"氨氯地平片","dose":"5 mg","startedOn":"2026-01-01"}]', '[]', '[{"verbatim":"头晕"}]',
        '吃药后头晕', ?, 1, 1, 0, ?)`,
      args: [
        `bench-${j}`,
        j + 1,
        `STD-2026-${String(j + 1).padStart(6, "0")}`,
        sources[j % sources.length] as string,
        aware,
        aware,
        aware,
        aware + DAY,
        aware + 30 * DAY,
        j % 7 === 0 ? '["hospitalisation"]' : "[]",
        `patient-${j % 5000}`,
        status,
        status === "forwarded" || status === "acknowledged" ? aware + 3_600_000 : null,
      ],
    });
  }
  // biome-ignore lint/suspicious/noExplicitAny: the libSQL client under Drizzle.
  await (t.db as any).$client.batch(stmts, "write");
}
console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

for (const path of [
  "/api/v1/safety/cases",
  "/api/v1/safety/cases?status=new",
  "/api/v1/safety/cases?overdue=true",
  "/api/v1/safety/reminders",
]) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    const r = await t.call("GET", path, { cookie });
    times.push(performance.now() - s);
    if (r.status !== 200) throw new Error(`${path} → ${r.status}`);
  }
  const p95 = pct(times, 95);
  console.log(
    `  ${p95 < 150 ? "✓" : "✗"} ${path} over ${CASES} cases: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (budget p95 < 150 ms)`,
  );
}

const notes = [
  "患者诉近一周早上起来头晕，无皮疹，血压控制尚可，继续目前方案，两周后复诊。",
  "Patient reports ankle swelling since the dose was increased; denies rash or dizziness.",
  "按时服药，无不适，血压 132/82。",
];
const N = 20_000;
const s = performance.now();
let hits = 0;
for (let i = 0; i < N; i++) hits += screenText(notes[i % notes.length] as string).length;
const perNote = ((performance.now() - s) * 1000) / N;
console.log(`  · screening: ${perNote.toFixed(1)} µs per note (${hits} hits over ${N} notes)`);
t.close();
