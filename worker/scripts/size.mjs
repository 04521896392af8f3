// `pnpm size` for the Worker: the bundle as deployed, each package's share, and a failure above
// the budget (docs/budgets.md). The measurement is bundle-size.mjs, which `pnpm bench` uses too.
import { measureWorkerBundle, WORKER_BUNDLE_BUDGET } from "./bundle-size.mjs";

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const { raw, gzip, shares } = measureWorkerBundle();
console.log("Worker bundle, minified bytes before gzip:");
for (const [key, n] of shares.slice(0, 15)) console.log(`  ${key.padEnd(40)} ${kb(n).padStart(10)}`);
console.log(
  `  ${"total".padEnd(40)} ${kb(raw).padStart(10)}   ${kb(gzip)} gzip, budget ${kb(WORKER_BUNDLE_BUDGET)}`,
);
if (gzip > WORKER_BUNDLE_BUDGET) {
  console.error(`the Worker bundle is ${kb(gzip)} gzip: over the ${kb(WORKER_BUNDLE_BUDGET)} budget`);
  process.exitCode = 1;
}
