// The product's documents live in docs/, so a plain clone is complete. This keeps it so: no file
// may point at the old documents in the shared folder beside the repository, and every docs/ path,
// relative Markdown link, link anchor and "docs/x.md, Section" citation must resolve.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const TEXT = /\.(ts|tsx|mts|mjs|cjs|js|json|md|toml|ya?ml|css|html|sql)$/;
const SKIP = /(^|\/)(node_modules|dist|dist-h5|\.wrangler|artifacts|\.swc)\//;

/** The repository's files: tracked and new ones (git), or a walk when there is no git. */
function repoFiles(): string[] {
  let files: string[];
  try {
    files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    })
      .split("\n")
      .filter(Boolean);
  } catch {
    files = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(join(root, dir))) {
        const rel = dir ? `${dir}/${name}` : name;
        if (name === ".git" || SKIP.test(`${rel}/`)) continue;
        if (statSync(join(root, rel)).isDirectory()) walk(rel);
        else files.push(rel);
      }
    };
    walk("");
  }
  // The lockfile links the workspace's own shared/ package; this file holds bad examples.
  const own = relative(root, import.meta.filename);
  return files.filter(
    (f) => TEXT.test(f) && !SKIP.test(f) && f !== "pnpm-lock.yaml" && f !== own && existsSync(join(root, f)),
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => m[1] as string);
}

type Read = (repoPath: string) => string | null;

/**
 * Problems in one file: references outside the repository, and docs/ paths, relative links,
 * anchors and section citations that do not resolve. `read` gives a repository file's text, or
 * null when it does not exist (directories: "" when they exist).
 */
function problemsIn(file: string, text: string, read: Read): string[] {
  const out: string[] = [];
  const at = (index: number) => `${file}:${text.slice(0, index).split("\n").length}`;

  // The old product documents outside the repository, by path or by name.
  for (const m of text.matchAll(
    /(?:\.\.\/)+shared\/(?!src\/|package\.json|tsconfig)[\w.-]+|\/work\/shared\b/g,
  ))
    out.push(`${at(m.index)}: refers outside the repository: ${m[0]}`);
  for (const m of text.matchAll(/(?<![\w./-])(DESIGN|API|STACK)\.md\b/g))
    out.push(`${at(m.index)}: cites ${m[0]}, which is not in the repository (see docs/README.md)`);

  // docs/… paths written anywhere (comments, README), resolved from the repository root.
  for (const m of text.matchAll(/(?<![\w./-])docs\/([\w./-]*[\w/])(?:#([\w-]+))?/g)) {
    const path = `docs/${m[1]}`;
    const target = read(path.replace(/\/$/, ""));
    if (target === null) {
      out.push(`${at(m.index)}: ${path} does not exist`);
      continue;
    }
    if (m[2] && !headings(target).some((h) => slug(h) === m[2]))
      out.push(`${at(m.index)}: ${path} has no section #${m[2]}`);
    // "docs/definitions.md, Blood pressure": a capitalised name after the comma is a section.
    const after = text.slice(m.index + m[0].length);
    const cited = /^, ([A-Z][^\n]*)/.exec(after)?.[1];
    if (cited && path.endsWith(".md") && !headings(target).some((h) => cited.startsWith(h)))
      out.push(`${at(m.index)}: ${path} has no section named at the start of "${cited.slice(0, 40)}"`);
  }

  // Relative Markdown links, resolved from the linking file, with their anchors.
  if (file.endsWith(".md")) {
    for (const m of text.matchAll(/\]\(([^)\s#]*)(?:#([^)\s]+))?\)/g)) {
      const [, href = "", anchor] = m;
      if (/^[a-z][\w+.-]*:/i.test(href)) continue; // http:, mailto:
      const path = href ? relative(root, resolve(root, dirname(file), href)) : file;
      const target = read(path.replace(/\/$/, ""));
      if (target === null) out.push(`${at(m.index)}: link to ${href} does not resolve`);
      else if (anchor && path.endsWith(".md") && !headings(target).some((h) => slug(h) === anchor))
        out.push(`${at(m.index)}: link to ${href || file}#${anchor}: no such section`);
    }
  }
  return out;
}

const readRepo: Read = (path) => {
  const full = join(root, path);
  if (!existsSync(full)) return null;
  return statSync(full).isDirectory() ? "" : readFileSync(full, "utf8");
};

it("finds no reference outside the repository and no docs/ reference that dangles", () => {
  const files = repoFiles();
  expect(files.length).toBeGreaterThan(100);
  expect(files).toContain("docs/README.md");
  const problems = files.flatMap((f) => problemsIn(f, readFileSync(join(root, f), "utf8"), readRepo));
  expect(problems).toEqual([]);
});

it("catches each kind of dangling reference", () => {
  const docs: Record<string, string> = {
    "docs/definitions.md": "# Definitions\n\n## Blood pressure\n\n## Due slot\n",
    "docs/decisions": "",
  };
  const read: Read = (p) => docs[p] ?? null;
  const check = (text: string, file = "x.ts") => problemsIn(file, text, read);

  // Spelled in pieces so that a plain grep of the repository for the old names finds nothing.
  const [design, api, outside] = ["DESIGN", "API", ["..", "shared"].join("/")];
  expect(check(`// see ${outside}/${design}.md §3`)).toHaveLength(1);
  expect(check(`// thresholds (${design}.md §3)`)).toHaveLength(1);
  expect(check(`// the contract (${api}.md) and /work/shared notes`)).toHaveLength(2);
  expect(check("// docs/budget.md")).toEqual(["x.ts:1: docs/budget.md does not exist"]);
  expect(check("// docs/definitions.md, Blood pressure: grades")).toEqual([]);
  expect(check("// docs/definitions.md, Glucose levels")).toHaveLength(1);
  expect(check("// docs/definitions.md, which says")).toEqual([]);
  expect(check("see [it](docs/definitions.md#due-slot)", "README.md")).toEqual([]);
  expect(check("see [it](docs/definitions.md#glucose)", "README.md")).toHaveLength(2);
  expect(check("[ADRs](decisions/) and [x](nowhere.md)", "docs/README.md")).toEqual([
    "docs/README.md:1: link to nowhere.md does not resolve",
  ]);
  // The workspace's own shared/ package is not the old documents folder.
  expect(check(`import { x } from "../${outside}/src/slots";`)).toEqual([]);
  expect(slug("3-month adherence (the programme KPI)")).toBe("3-month-adherence-the-programme-kpi");
});

it("gives every ADR a Date and a Status, and a superseded one names what replaced it", () => {
  const dir = join(root, "docs/decisions");
  const adrs = readdirSync(dir).filter((f) => /^\d{4}-.*\.md$/.test(f));
  expect(adrs.length).toBeGreaterThan(10);
  for (const f of adrs) {
    const head = readFileSync(join(dir, f), "utf8").split("\n").slice(0, 8).join("\n");
    expect(head, f).toMatch(/^Date: \d{4}-\d{2}-\d{2}$/m);
    const status = head.match(/^Status: (.+)$/m)?.[1];
    expect(status, f).toMatch(/^(Accepted|Partly superseded by \d{4}|Superseded by \d{4})/);
    const by = status?.match(/superseded by (\d{4})/i)?.[1];
    if (by)
      expect(
        adrs.some((a) => a.startsWith(by)),
        `${f} → ${by}`,
      ).toBe(true);
  }
  // 0002 and 0009 no longer contradict each other: 0002 says what 0009 changed.
  const adr2 = readFileSync(join(dir, adrs.find((a) => a.startsWith("0002")) as string), "utf8");
  expect(adr2).toMatch(/^Status: Partly superseded by 0009/m);
  expect(adr2).toContain("[0009 — The write path](0009-write-path.md) changed");
});
