// A build that the end-to-end files share: each file asks for the portal or the H5 app, and the
// build runs only when its inputs changed since the last one (a content hash of the source trees
// and the build settings, stored beside the output). Seven files used to build the H5 app seven
// times per test run; now the first builds and the others reuse it.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const REPO = join(import.meta.dirname, "..", "..");

function* filesUnder(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Hash of every input file's path and bytes, plus the settings the build reads. */
export function inputHash(inputs: string[], settings: Record<string, string>): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(settings));
  for (const input of inputs) {
    const files = statSync(input, { throwIfNoEntry: false })?.isDirectory()
      ? [...filesUnder(input)]
      : [input];
    for (const file of files.sort()) {
      if (!existsSync(file)) continue;
      hash.update(relative(REPO, file));
      hash.update(readFileSync(file));
    }
  }
  return hash.digest("hex");
}

/**
 * Runs `build` unless `outDir` holds a stamp of the same inputs. The stamp is written after a
 * successful build only, so a failed or interrupted build is retried by the next caller.
 */
export function buildOnce(opts: {
  outDir: string;
  inputs: string[];
  settings: Record<string, string>;
  build: () => void;
}) {
  const stamp = join(opts.outDir, ".test-build-stamp");
  const index = join(opts.outDir, "index.html");
  const want = inputHash(opts.inputs, opts.settings);
  // The output's own page is part of the stamp: another build into the same folder (`pnpm build`
  // with other settings) changes it, and the next caller then builds again.
  const current = () => `${want} ${createHash("sha256").update(readFileSync(index)).digest("hex")}`;
  if (existsSync(index) && existsSync(stamp) && readFileSync(stamp, "utf8") === current()) return;
  opts.build();
  writeFileSync(stamp, current());
}

/** The environment of a child build: Vitest's own variables (NODE_ENV=test, VITEST_*) derail it. */
export function cleanBuildEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "NODE_ENV" && k !== "TEST"),
  );
  return { ...env, ...extra };
}
