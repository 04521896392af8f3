// A/B of two triage-list implementations (e.g. a checkout of main and this tree) on one seeded file,
// interleaved so both see the same machine load; CPU medians, quartiles and minima per side.
//   TRIAGE_A=…/triage/list.ts TRIAGE_B=…/triage/list.ts DB=…/triage-2000p-30d.db pnpm --filter @steady/tests exec tsx bench/triage-ab.ts
// (the seeded files come from BENCH_TRIAGE_CACHE of bench/triage.ts).
import { openDb } from "@steady/worker/db";

const runs = Number(process.env.RUNS ?? 40);
type List = (db: unknown, clinics: string[], now: number, locale: "zh-CN") => Promise<unknown[]>;
const a = (await import(process.env.TRIAGE_A as string)).triageList as List;
const b = (await import(process.env.TRIAGE_B as string)).triageList as List;
const { db, close } = await openDb(`file:${process.env.DB}`);
const time = async (f: List) => {
  const c = process.cpuUsage();
  const t = performance.now();
  await f(db, ["clinic-a"], Date.now(), "zh-CN");
  const u = process.cpuUsage(c);
  return [performance.now() - t, (u.user + u.system) / 1000] as const;
};
for (let i = 0; i < 15; i++) {
  await time(a);
  await time(b);
}
const res = {
  a: { wall: [] as number[], cpu: [] as number[] },
  b: { wall: [] as number[], cpu: [] as number[] },
};
for (let i = 0; i < runs; i++) {
  for (const [k, f] of [
    ["a", a],
    ["b", b],
  ] as const) {
    const [w, c] = await time(f);
    res[k].wall.push(w);
    res[k].cpu.push(c);
  }
}
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]?.toFixed(1);
const min = (xs: number[]) => Math.min(...xs).toFixed(1);
const p25 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 4)]?.toFixed(1);
for (const k of ["a", "b"] as const)
  console.log(
    `${k}: wall median ${med(res[k].wall)} min ${min(res[k].wall)} · cpu median ${med(res[k].cpu)} p25 ${p25(res[k].cpu)} min ${min(res[k].cpu)}`,
  );
close();
