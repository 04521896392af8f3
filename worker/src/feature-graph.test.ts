// Features talk through small exported interfaces with no cycles (issue 16): the folders of
// worker/src form a directed acyclic graph. Three kinds of import are not edges between features:
// the composition root (app.ts, the entries, jobs/registry.ts and the OpenAPI files wire every feature
// together), table definitions (`schema*.ts`: tables are shared data, db/schema.ts gathers them
// for Drizzle) and type-only imports (they vanish at build time). A new cycle fails here with the
// import lines that make it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = import.meta.dirname;
const ROOT_FILES = new Set([
  "app.ts",
  "entry-node.ts",
  "entry-worker.ts",
  "jobs/registry.ts",
  "openapi.ts",
  "openapi-assets.ts",
  "openapi-page.ts",
  "openapi-reference.ts",
  "openapi-responses.ts",
]);
/**
 * Folders that only start or expose things (operator commands, demo data, the package's entries for
 * the cross-package tests and benches): composition, like the root.
 */
const ROOT_FOLDERS = new Set(["cli", "seed", "public"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$|\.test-support\.ts$|\.d\.ts$/.test(name) ? [path] : [];
  });
}

const featureOf = (file: string) => (file.includes("/") ? (file.split("/")[0] as string) : "(kernel)");

/** Edges "a -> b" between features, each with the import lines behind it. */
function featureEdges(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path);
    if (ROOT_FILES.has(file) || ROOT_FOLDERS.has(featureOf(file))) continue;
    const text = readFileSync(path, "utf8");
    for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"(\.{1,2}\/[^"]+)";/gms)) {
      if (m[1]) continue;
      const target = relative(SRC, resolve(dirname(path), m[2] as string));
      if (/(^|\/)schema[^/]*$/.test(target)) continue;
      const [a, b] = [featureOf(file), featureOf(target)];
      if (a === b) continue;
      const key = `${a} -> ${b}`;
      edges.set(key, [...(edges.get(key) ?? []), `${file} → ${target}`]);
    }
  }
  return edges;
}

/** Every cycle found by a depth-first walk, as the list of features around it. */
function cycles(edges: Map<string, string[]>): string[][] {
  const next = new Map<string, string[]>();
  for (const key of edges.keys()) {
    const [a, b] = key.split(" -> ") as [string, string];
    next.set(a, [...(next.get(a) ?? []), b]);
  }
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (n: string) => {
    state.set(n, "open");
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === "open") found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of next.keys()) if (!state.has(n)) visit(n);
  return found;
}

describe("feature folders", () => {
  it("import each other without cycles", () => {
    const edges = featureEdges();
    const found = cycles(edges).map((c) =>
      [c.join(" → "), ...c.slice(1).map((b, i) => `  ${edges.get(`${c[i]} -> ${b}`)?.join(", ")}`)].join(
        "\n",
      ),
    );
    expect(found).toEqual([]);
  });

  it("the check sees real imports (a cycle planted in the graph is found)", () => {
    const edges = featureEdges();
    expect(edges.get("triage -> plans")?.length).toBeGreaterThan(0);
    edges.set("plans -> triage", ["planted"]);
    expect(cycles(edges).length).toBeGreaterThan(0);
  });
});
