import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../env";

export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const { db, config } = c.var.deps;
  try {
    await db.run(sql`select 1`);
    return c.json({ ok: true as const, version: config.version, db: "ok" as const });
  } catch {
    return c.json({ ok: false as const, version: config.version, db: "unreachable" as const }, 503);
  }
});
