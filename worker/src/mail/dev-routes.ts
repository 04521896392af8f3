// Dev-only routes: the outbox of messages the mail/SMS adapter "sent" (invite links), as JSON and
// as a small page. In production both answer 404, as if they did not exist.
import type { OutboxResponse } from "@steady/shared";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { problem } from "../http/problem";
import { outboxMessages } from "./mailer";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export const devRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (c.var.deps.config.mode !== "dev") {
      return problem(c, 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`);
    }
    return next();
  })
  .get("/outbox", async (c) =>
    c.json({ messages: await outboxMessages(c.var.deps.db) } satisfies OutboxResponse),
  )
  .get("/outbox.html", async (c) => {
    const messages = await outboxMessages(c.var.deps.db);
    const rows = messages
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">${escapeHtml(m.channel)} → ${escapeHtml(m.to)} · ${escapeHtml(m.createdAt)}</p><pre>${escapeHtml(m.body)}</pre></article>`,
      )
      .join("\n");
    return c.html(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>发件箱（开发） Dev outbox</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:8px;padding:0 1rem;margin:1rem 0}.meta{color:#555}pre{white-space:pre-wrap}</style>
</head><body>
<h1>发件箱（仅开发模式） · Dev outbox</h1>
<p>邀请链接等消息在开发模式下不真正发送，而是列在这里。 Messages are not really sent in dev mode; they are listed here, newest first.</p>
${rows || "<p>（空 · empty）</p>"}
</body></html>`);
  });
