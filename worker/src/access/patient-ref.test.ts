// A PatientRef proves the access layer ran (scope checked, audit written). That proof holds only
// while nothing else mints one, so this test reads the source tree and fails when something does.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..");
const ALLOWED = new Set(["access/patient-ref.ts", "access/patient-access.ts", "auth/sessions.ts"]);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts")) yield path;
  }
}

it("only the access layer and the patient session mint a PatientRef", () => {
  const minting = [...files(SRC)]
    .filter((f) => /mintPatientRef\(|as PatientRef\b/.test(readFileSync(f, "utf8")))
    .map((f) => relative(SRC, f));
  expect(minting.filter((f) => !ALLOWED.has(f))).toEqual([]);
  expect(minting.length).toBeGreaterThan(1); // the check itself still sees the real minters
});
