// One configuration schema, parsed once at start: defaults, typed values, and a start-up error
// that names the bad variable — from the parser, from startServer, and from `pnpm start` itself.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, configFromSettings, parseSettings, SETTING_NAMES } from "./config-env";
import { startServer } from "./entry-node";

const workerDir = resolve(import.meta.dirname, "..");
const badOf = (env: Record<string, string>) => {
  try {
    parseSettings(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
};

describe("parseSettings", () => {
  it("gives the documented defaults for an empty environment, and ignores empty values", () => {
    const s = parseSettings({ PORT: "", STEADY_MODE: " " });
    expect(s).toMatchObject({
      PORT: 8787,
      STEADY_SEED: true,
      STEADY_REMINDERS: true,
      STEADY_GROUP_COMMIT: true,
      STEADY_SMS: true,
      TRUSTED_ORIGINS: [],
      WECHAT_API_BASE: "https://api.weixin.qq.com",
      WECHAT_MINIPROGRAM_STATE: "formal",
      TENCENT_SMS_REGION: "ap-guangzhou",
      TENCENT_SMS_API_BASE: "https://sms.tencentcloudapi.com",
    });
    expect(s.STEADY_MODE).toBeUndefined();
    expect(configFromSettings(s, "production").mode).toBe("production");
  });

  it("types what it reads: numbers, flags, origin lists, JSON maps", () => {
    const s = parseSettings({
      PORT: "9000",
      STEADY_REMINDERS: "0",
      TRUSTED_ORIGINS: "https://a.example.cn/, http://localhost:5173",
      PUBLIC_ORIGIN: "https://steady.example.cn/path",
      WECHAT_TEMPLATE_FIELDS: '{"dose": {"drug": "thing1"}}',
      WECHAT_TEMPLATE_LONG_TERM: "t1, t2",
      STEADY_MODE: "production",
      UNRELATED: "whatever", // a shell's other variables are not ours
    });
    expect(s.PORT).toBe(9000);
    expect(s.STEADY_REMINDERS).toBe(false);
    expect(s.TRUSTED_ORIGINS).toEqual(["https://a.example.cn", "http://localhost:5173"]);
    expect(s.PUBLIC_ORIGIN).toBe("https://steady.example.cn");
    expect(s.WECHAT_TEMPLATE_FIELDS).toEqual({ dose: { drug: "thing1" } });
    expect(s.WECHAT_TEMPLATE_LONG_TERM).toEqual(["t1", "t2"]);
    expect(configFromSettings(s, "dev")).toMatchObject({ mode: "production", secureCookies: true });
  });

  it("refuses a bad value with an error naming the variable (each one, when several are bad)", () => {
    const e = badOf({ PORT: "eighty", STEADY_MODE: "prod", PUBLIC_ORIGIN: "ftp://x", STEADY_SMS: "yes" });
    expect(e.problems.map((p) => p.variable).sort()).toEqual([
      "PORT",
      "PUBLIC_ORIGIN",
      "STEADY_MODE",
      "STEADY_SMS",
    ]);
    expect(e.message).toMatch(/^Invalid configuration/);
    expect(e.message).toContain('PORT: expected a whole number from 0 to 65535, got "eighty"');
    expect(e.message).toContain("STEADY_SMS: expected 0 or 1");
    expect(badOf({ WECHAT_TEMPLATE_FIELDS: "{dose" }).message).toContain(
      "WECHAT_TEMPLATE_FIELDS: expected JSON",
    );
    expect(badOf({ WECHAT_TEMPLATE_FAMILY_FIELDS: '{"a": 1}' }).message).toContain(
      "WECHAT_TEMPLATE_FAMILY_FIELDS",
    );
    expect(badOf({ CORS_ORIGINS: "https://ok.cn, not a url" }).message).toContain("CORS_ORIGINS");
    expect(badOf({ CLIENT_IP_HEADER: "X Forwarded" }).message).toContain("CLIENT_IP_HEADER");
  });
});

it("stops startServer before it opens anything, naming the variable", async () => {
  const dir = mkdtempSync(join(tmpdir(), "steady-config-"));
  try {
    const start = startServer({
      dbUrl: `file:${join(dir, "t.db")}`,
      quiet: true,
      env: { STEADY_DEMO_PATIENTS: "-3" },
    });
    await expect(start).rejects.toThrow(/STEADY_DEMO_PATIENTS: expected a whole number/);
    expect(readdirSync(dir)).toEqual([]); // no database file was created
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("makes `pnpm start` (the Node entry) exit with the variable's name and no stack trace", async () => {
  const run = promisify(execFile)(join(workerDir, "node_modules/.bin/tsx"), ["src/entry-node.ts"], {
    cwd: workerDir,
    env: { ...process.env, PORT: "http", STEADY_REMINDERS: "0" },
  });
  const failure = await run.then(
    () => null,
    (e: { code: number; stderr: string }) => e,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toContain('PORT: expected a whole number from 0 to 65535, got "http"');
  expect(failure?.stderr).not.toMatch(/\bat .*\.ts:\d+/);
}, 30_000);

it("is the one reader of the environment: the README documents exactly its variables", () => {
  const readme = readFileSync(resolve(workerDir, "../README.md"), "utf8");
  const section = readme.split("## Configuration")[1]?.split("\n## ")[0] ?? "";
  const documented = new Set(
    section
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .flatMap((l) => [...(l.split("|")[1] ?? "").matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1] as string)),
  );
  expect([...documented].sort()).toEqual([...SETTING_NAMES].sort());

  // No other module reads the raw environment.
  const src = resolve(workerDir, "src");
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) files.push(relative(src, p));
    }
  };
  walk(src);
  const readers = files.filter((f) => /process\.env|\bEnvVars\b/.test(readFileSync(join(src, f), "utf8")));
  expect(readers.sort()).toEqual(["cli/steady.ts", "config-env.ts", "entry-node.ts", "entry-worker.ts"]);
});
