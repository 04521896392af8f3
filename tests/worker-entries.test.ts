// The cross-package tests and benches reach the worker through its package entries only
// (`@steady/worker/db`, `/seed`, `/testing`, `/bench`, … in worker/package.json, issue 16), never by
// a relative path into worker/src: the worker can then move its internals without breaking them,
// and what they rely on is written down in one place. A deep import fails here with its line.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const TESTS = import.meta.dirname;
const WORKER = resolve(TESTS, "..", "worker");

/**
 * Files allowed to import worker/src while work in progress switches them (none now). One that is
 * clean fails the second test, so the list only shrinks; a name whose file is gone can be dropped.
 */
const PENDING = new Set<string>([]);
/** This file: its planted examples are strings, not imports. */
const SELF = "worker-entries.test.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "artifacts") return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier of a file: static imports and re-exports, side-effect and dynamic imports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/gs,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1] as string);
  return found;
}

/** The imports of `file` (a path under tests/) that go into the worker's folder by a relative path. */
function deepWorkerImports(file: string, text: string): string[] {
  return specifiers(text).filter((spec) => {
    if (!spec.startsWith(".")) return false;
    const target = resolve(dirname(join(TESTS, file)), spec);
    return target === WORKER || target.startsWith(`${WORKER}/`);
  });
}

describe("tests/ and the worker", () => {
  it("import the worker through its package entries, not worker/src", () => {
    const offenders = sourceFiles(TESTS)
      .map((path) => relative(TESTS, path))
      .filter((file) => file !== SELF && !PENDING.has(file))
      .flatMap((file) =>
        deepWorkerImports(file, readFileSync(join(TESTS, file), "utf8")).map((s) => `${file}: ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it("waive only files that still need it", () => {
    const stale = [...PENDING].filter(
      (file) =>
        existsSync(join(TESTS, file)) &&
        deepWorkerImports(file, readFileSync(join(TESTS, file), "utf8")).length === 0,
    );
    expect(stale, "remove these from PENDING").toEqual([]);
  });

  it("the check sees deep imports of every kind (planted lines are found)", () => {
    const planted = [
      'import { openDb } from "../../worker/src/db/node";',
      'import type { Db } from "../../worker/src/env";',
      "import {\n  a,\n  b,\n} from '../../worker/src/x';",
      'export { seedDemo } from "../../worker/src/seed/demo";',
      'const { x } = await import("../../worker/src/sms/templates");',
      'import "../../worker/src/side-effect";',
    ].join("\n");
    expect(deepWorkerImports("bench/planted.ts", planted)).toHaveLength(6);
    const allowed = [
      'import { openDb } from "@steady/worker/db";',
      'import { freePort } from "../support/free-port";',
      'import { x } from "../../shared/src/x";',
    ].join("\n");
    expect(deepWorkerImports("bench/planted.ts", allowed)).toEqual([]);
  });
});
