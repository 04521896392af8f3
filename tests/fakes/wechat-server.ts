// A stand-in for WeChat's server API (api.weixin.qq.com) on a local port: the endpoints Steady
// calls, with WeChat's documented request validation and error codes, recording every request so
// tests assert on the real HTTP traffic. Controls let tests expire tokens, exhaust quotas and
// inject rate limits. Its checks are written from WeChat's docs, independently of the client
// code under test, so a bug in the client is not mirrored here.
//
// Run standalone (`tsx tests/fakes/wechat-server.ts`) for local mode: `pnpm start` with
// WECHAT_API_BASE=<printed URL> WECHAT_APPID=wx-fake-appid WECHAT_SECRET=fake-secret sends to it.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { serveLoopback } from "./loopback";

export interface FakeTemplate {
  /** The template's keywords, e.g. ["thing1", "time2"]; the prefix names the value rule. */
  keys: string[];
  /** Long-term subscription (one acceptance, many messages) rather than one-time. */
  longTerm?: boolean;
}

export interface FakeWechatOptions {
  appId?: string;
  appSecret?: string;
  templates?: Record<string, FakeTemplate>;
  /** Pages of the released mini-program; `page` must be one of them (41030 otherwise). */
  pages?: string[];
  /** Seconds a token lives (WeChat: 7200). */
  tokenTtlSeconds?: number;
  /**
   * code2Session calls one user may make in a minute (WeChat: 100); more answer 45011.
   */
  loginsPerUserPerMinute?: number;
  /** subscribe/send calls the app may make in a minute; more answer 45011 until the next minute. */
  sendsPerMinute?: number;
  /** subscribe/send calls the app may make in a day (Beijing time); more answer 45009 until midnight. */
  sendsPerDay?: number;
  /** Treat every user as subscribed to every template (local mode; tests leave it off). */
  autoSubscribe?: boolean;
  now?: () => number;
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  errcode: number;
  errmsg: string;
}

export interface DeliveredMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string | number }>;
  miniprogram_state?: string;
  lang?: string;
  msgid: number;
}

interface Token {
  value: string;
  expiresAt: number;
  /** Set when a later token replaced it by force refresh: using it answers 40001. */
  superseded: boolean;
}

export const FAKE_APP_ID = "wx-fake-appid";
export const FAKE_APP_SECRET = "fake-secret";

// WeChat's documented errors (global error codes and each API's own table).
const ERR = {
  systemBusy: [-1, "system error"],
  invalidCredential: [40001, "invalid credential, access_token is invalid or not latest"],
  invalidGrantType: [40002, "invalid grant_type"],
  invalidOpenid: [40003, "invalid openid"],
  invalidAppid: [40013, "invalid appid"],
  invalidCode: [40029, "invalid code"],
  invalidTemplateId: [40037, "invalid template_id"],
  invalidArgs: [40097, "invalid args"],
  invalidAppSecret: [40125, "invalid appsecret"],
  invalidScene: [40129, "invalid scene"],
  codeUsed: [40163, "code been used"],
  // code2Session: "高风险等级用户，小程序登录拦截" (WeChat's risk control blocks this user's login).
  highRiskUser: [40226, "code blocked"],
  sceneLength: [40169, "invalid length for scene, or the data is not json string"],
  tokenMissing: [41001, "access_token missing"],
  invalidPage: [41030, "invalid page"],
  tokenExpired: [42001, "access_token expired"],
  requirePost: [43002, "require POST method"],
  requireGet: [43001, "require GET method"],
  userRefused: [43101, "user refuse to accept the msg"],
  dailyQuota: [45009, "reach max api daily quota limit"],
  minuteQuota: [45011, "api minute-quota reach limit, must slower, retry next minute"],
  dataFormat: [47001, "data format error"],
  argumentInvalid: [47003, "argument invalid!"],
} as const satisfies Record<string, readonly [number, string]>;
type ErrName = keyof typeof ERR;

// --- subscribe message value rules (WeChat "订阅消息参数值内容限制说明") ----------------

const CONTROL = /\p{Cc}/u;
const HAN = /^\p{Script=Han}+$/u;
const DATE_PART = String.raw`(\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2})`;
const TIME_PART = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`;
const TIME_ONE = new RegExp(`^(${DATE_PART} ?)?${TIME_PART}$`);
const DATE_ONE = new RegExp(`^${DATE_PART}( ?${TIME_PART})?$`);
const ranged = (one: RegExp) => (v: string) => v.split("~").every((p) => one.test(p.trim()));
const chars = (v: string) => Array.from(v).length;

/** Each value type (the keyword's prefix) with WeChat's limit for it. */
const RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => chars(v) >= 1 && chars(v) <= 20,
  number: (v) => /^[+-]?\d+(\.\d+)?$/.test(v) && v.replace(/[^\d]/g, "").length <= 32,
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => /^[^\p{L}\p{N}\s]{1,5}$/u.test(v),
  character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  time: ranged(TIME_ONE),
  date: ranged(DATE_ONE),
  amount: (v) => /^[¥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[\d+\-() ]{1,17}$/.test(v),
  car_number: (v) => chars(v) <= 8 && /^[\p{Script=Han}A-Z0-9][A-Z0-9]*[\p{Script=Han}A-Z0-9]?$/u.test(v),
  name: (v) => (HAN.test(v) ? chars(v) <= 10 : /^[A-Za-z .·'-]{1,20}$/.test(v)),
  phrase: (v) => HAN.test(v) && chars(v) <= 5,
};

export function keywordRule(key: string): (v: string) => boolean {
  const prefix = key.replace(/\d+$/, "");
  return RULES[prefix] ?? (RULES.thing as (v: string) => boolean);
}

export function valueFits(key: string, value: unknown): boolean {
  if (typeof value !== "string" && typeof value !== "number") return false;
  const v = String(value);
  return !CONTROL.test(v) && keywordRule(key)(v);
}

// getwxacodeunlimit: "最大32个可见字符，只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~"
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

// A 1×1 JPEG's markers: enough for the client to tell an image from a JSON error.
const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex");

export async function startFakeWechat(opts: FakeWechatOptions = {}) {
  const appId = opts.appId ?? FAKE_APP_ID;
  const appSecret = opts.appSecret ?? FAKE_APP_SECRET;
  const templates = new Map(Object.entries(opts.templates ?? {}));
  const pages = opts.pages ? new Set(opts.pages) : null;
  const ttlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
  const now = opts.now ?? Date.now;

  const tokens = new Map<string, Token>();
  let current: Token | null = null;
  const quota = new Map<string, number>(); // `${openid}|${templateId}` → one-time messages left
  const longTerm = new Set<string>();
  const loginCodes = new Map<string, { openid: string; used: boolean }>();
  const requests: RecordedRequest[] = [];
  const messages: DeliveredMessage[] = [];
  const injected: ErrName[] = [];
  const highRisk = new Set<string>(); // openids WeChat's risk control blocks at login
  const loginsInMinute = new Map<string, number>(); // `${openid}|${minute}` → code2Session calls
  const sendsIn = { minute: -1, perMinute: 0, day: "", perDay: 0 };
  /** WeChat's quotas count in Beijing time: the daily one resets at 00:00 UTC+8. */
  const beijingDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  let expireAfterSends: number | null = null;
  let msgid = 1000;
  let tokensIssued = 0;

  function issueToken(): Token {
    const t = {
      value: `fake-${randomBytes(12).toString("hex")}`,
      expiresAt: now() + ttlMs,
      superseded: false,
    };
    tokens.set(t.value, t);
    current = t;
    tokensIssued++;
    return t;
  }

  /** The token rule shared by every API that takes `?access_token=`. */
  function tokenError(query: Record<string, string>): ErrName | null {
    const value = query.access_token;
    if (!value) return "tokenMissing";
    const t = tokens.get(value);
    if (!t || t.superseded) return "invalidCredential";
    if (t.expiresAt <= now()) return "tokenExpired";
    return null;
  }

  const quotaKey = (openid: string, templateId: string) => `${openid}|${templateId}`;

  function stableToken(body: Record<string, unknown>): [ErrName, null] | [null, Record<string, unknown>] {
    if (body.grant_type !== "client_credential") return ["invalidGrantType", null];
    if (body.appid !== appId) return ["invalidAppid", null];
    if (body.secret !== appSecret) return ["invalidAppSecret", null];
    if (body.force_refresh !== undefined && typeof body.force_refresh !== "boolean")
      return ["dataFormat", null];
    // Normal mode returns the live token; within its last 5 minutes WeChat already hands out
    // the next one (the old one stays valid until it expires). Force mode replaces it.
    if (body.force_refresh === true) {
      if (current) current.superseded = true;
      issueToken();
    } else if (!current || current.superseded || current.expiresAt - now() <= 5 * 60_000) {
      issueToken();
    }
    const t = current as Token;
    return [null, { access_token: t.value, expires_in: Math.floor((t.expiresAt - now()) / 1000) }];
  }

  /** The app's API quotas for subscribe/send: 45011 in the minute, 45009 for the rest of the day. */
  function sendQuotaError(): ErrName | null {
    const t = now();
    const minute = Math.floor(t / 60_000);
    if (sendsIn.minute !== minute) Object.assign(sendsIn, { minute, perMinute: 0 });
    if (sendsIn.day !== beijingDay(t)) Object.assign(sendsIn, { day: beijingDay(t), perDay: 0 });
    if (opts.sendsPerDay !== undefined && sendsIn.perDay >= opts.sendsPerDay) return "dailyQuota";
    if (opts.sendsPerMinute !== undefined && sendsIn.perMinute >= opts.sendsPerMinute) return "minuteQuota";
    sendsIn.perMinute++;
    sendsIn.perDay++;
    return null;
  }

  function subscribeSend(body: Record<string, unknown>): [ErrName, string?] | null {
    const touser = body.touser;
    if (typeof touser !== "string" || !touser) return ["invalidOpenid"];
    const templateId = body.template_id;
    const template = typeof templateId === "string" ? templates.get(templateId) : undefined;
    if (!template || typeof templateId !== "string") return ["invalidTemplateId"];
    if (body.page !== undefined) {
      const path = typeof body.page === "string" ? (body.page.split("?")[0] ?? "").replace(/^\//, "") : "";
      if (!path || (pages && !pages.has(path))) return ["invalidPage"];
    }
    if (
      body.miniprogram_state !== undefined &&
      !["developer", "trial", "formal"].includes(String(body.miniprogram_state))
    )
      return ["argumentInvalid", "argument invalid! miniprogram_state invalid"];
    if (body.lang !== undefined && !["zh_CN", "en_US", "zh_HK", "zh_TW"].includes(String(body.lang)))
      return ["argumentInvalid", "argument invalid! lang invalid"];
    const data = body.data;
    if (!data || typeof data !== "object" || Array.isArray(data))
      return ["argumentInvalid", "argument invalid! data invalid"];
    for (const key of template.keys) {
      const entry = (data as Record<string, unknown>)[key];
      const value = entry && typeof entry === "object" ? (entry as { value?: unknown }).value : undefined;
      if (!valueFits(key, value)) return ["argumentInvalid", `argument invalid! data.${key}.value invalid`];
    }
    const k = quotaKey(touser, templateId);
    if (!opts.autoSubscribe) {
      if (template.longTerm) {
        if (!longTerm.has(k)) return ["userRefused"];
      } else {
        const left = quota.get(k) ?? 0;
        if (left <= 0) return ["userRefused"];
        quota.set(k, left - 1);
      }
    }
    messages.push({ ...(body as unknown as DeliveredMessage), msgid: ++msgid });
    if (expireAfterSends !== null && --expireAfterSends <= 0) {
      expireAfterSends = null;
      if (current) current.expiresAt = now();
    }
    return null;
  }

  function wxacode(body: Record<string, unknown>): [ErrName] | null {
    const scene = body.scene;
    if (typeof scene !== "string" || scene.length === 0 || scene.length > 32) return ["sceneLength"];
    if (!SCENE_CHARS.test(scene)) return ["invalidScene"];
    if (body.page !== undefined) {
      const page = body.page;
      if (typeof page !== "string" || page.startsWith("/") || page.includes("?")) return ["invalidPage"];
      if (body.check_path !== false && pages && !pages.has(page)) return ["invalidPage"];
    }
    if (body.env_version !== undefined && !["release", "trial", "develop"].includes(String(body.env_version)))
      return ["invalidArgs"];
    if (body.width !== undefined && !Number.isInteger(body.width)) return ["invalidArgs"];
    return null;
  }

  async function readJson(
    req: IncomingMessage,
  ): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; raw: string }> {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    const raw = Buffer.concat(parts).toString("utf8");
    try {
      const body = JSON.parse(raw);
      if (body && typeof body === "object" && !Array.isArray(body)) return { ok: true, body };
    } catch {}
    return { ok: false, raw };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? "GET";
    let body: unknown = null;
    const record = (status: number, errcode: number, errmsg: string) =>
      requests.push({ method, path: url.pathname, query, body, status, errcode, errmsg });
    const reply = (payload: Record<string, unknown>) => {
      const errcode = Number(payload.errcode ?? 0);
      record(200, errcode, String(payload.errmsg ?? "ok"));
      // WeChat answers errors with HTTP 200 and a JSON errcode.
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(payload));
    };
    const fail = (name: ErrName, msg?: string) => {
      const [errcode, errmsg] = ERR[name];
      reply({ errcode, errmsg: `${msg ?? errmsg} rid: ${randomBytes(4).toString("hex")}` });
    };
    // A body that is not JSON: most APIs answer 47001; getwxacodeunlimit answers 40169 ("invalid
    // length for scene, or the data is not json string").
    const postJson = async (notJson: ErrName = "dataFormat") => {
      if (method !== "POST") {
        fail("requirePost");
        return null;
      }
      const parsed = await readJson(req);
      if (!parsed.ok) {
        body = parsed.raw;
        fail(notJson);
        return null;
      }
      body = parsed.body;
      return parsed.body;
    };
    const injectedError = () => {
      const e = injected.shift();
      if (e) fail(e);
      return Boolean(e);
    };

    switch (url.pathname) {
      case "/cgi-bin/stable_token": {
        const b = await postJson();
        if (!b) return;
        const [err, ok] = stableToken(b);
        return err ? fail(err) : reply(ok);
      }
      case "/sns/jscode2session": {
        if (method !== "GET") return fail("requireGet");
        if (query.appid !== appId) return fail("invalidAppid");
        if (query.secret !== appSecret) return fail("invalidAppSecret");
        if (query.grant_type !== "authorization_code") return fail("invalidGrantType");
        if (injectedError()) return;
        const code = loginCodes.get(query.js_code ?? "");
        if (!code) return fail("invalidCode");
        // Per user, 100 calls a minute (WeChat's code2Session limit), counted before the code is spent.
        const minuteKey = `${code.openid}|${Math.floor(now() / 60_000)}`;
        const calls = (loginsInMinute.get(minuteKey) ?? 0) + 1;
        loginsInMinute.set(minuteKey, calls);
        if (calls > (opts.loginsPerUserPerMinute ?? 100)) return fail("minuteQuota");
        if (code.used) return fail("codeUsed");
        if (highRisk.has(code.openid)) return fail("highRiskUser");
        code.used = true;
        return reply({ openid: code.openid, session_key: randomBytes(16).toString("base64") });
      }
      case "/cgi-bin/message/subscribe/send": {
        const b = await postJson();
        if (!b) return;
        const tokenErr = tokenError(query);
        if (tokenErr) return fail(tokenErr);
        if (injectedError()) return;
        const quotaErr = sendQuotaError();
        if (quotaErr) return fail(quotaErr);
        const err = subscribeSend(b);
        if (err) return fail(err[0], err[1]);
        return reply({ errcode: 0, errmsg: "ok", msgid });
      }
      case "/wxa/getwxacodeunlimit": {
        const b = await postJson("sceneLength");
        if (!b) return;
        const tokenErr = tokenError(query);
        if (tokenErr) return fail(tokenErr);
        if (injectedError()) return;
        const err = wxacode(b);
        if (err) return fail(err[0]);
        record(200, 0, "ok");
        res.writeHead(200, { "content-type": "image/jpeg" });
        return res.end(JPEG);
      }
      // Controls over HTTP, for local mode and for tests of other processes.
      case "/__fake/subscribe": {
        const b = await postJson();
        if (!b) return;
        controls.subscribe(String(b.openid), String(b.template_id), Number(b.count ?? 1));
        return reply({ errcode: 0, errmsg: "ok" });
      }
      case "/__fake/login-code": {
        const b = await postJson();
        if (!b) return;
        return reply({ errcode: 0, errmsg: "ok", code: controls.issueLoginCode(String(b.openid)) });
      }
      case "/__fake/messages":
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        return res.end(JSON.stringify({ messages }));
      case "/__fake/stats":
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        return res.end(
          JSON.stringify({ requests: requests.length, messages: messages.length, tokensIssued }),
        );
      default:
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ errcode: 404, errmsg: "no such fake endpoint" }));
    }
  }

  const server = await serveLoopback(handle, opts.port);

  const controls = {
    baseUrl: server.baseUrl,
    appId,
    appSecret,
    /** Every request received, in order, with the answer given. */
    requests,
    /** Messages WeChat accepted for delivery. */
    messages,
    get tokensIssued() {
      return tokensIssued;
    },
    get currentToken() {
      return current?.value ?? null;
    },
    /** The user accepted a one-time template `count` times (or a long-term template once). */
    subscribe(openid: string, templateId: string, count = 1) {
      const k = quotaKey(openid, templateId);
      if (templates.get(templateId)?.longTerm) longTerm.add(k);
      else quota.set(k, (quota.get(k) ?? 0) + count);
    },
    quotaLeft(openid: string, templateId: string) {
      return quota.get(quotaKey(openid, templateId)) ?? 0;
    },
    /** The user turned the template off (or used their acceptances up elsewhere): 43101 from now on. */
    exhaust(openid: string, templateId: string) {
      quota.set(quotaKey(openid, templateId), 0);
      longTerm.delete(quotaKey(openid, templateId));
    },
    /** The live token expires now: calls with it answer 42001. */
    expireToken() {
      if (current) current.expiresAt = now();
    },
    /** The live token expires right after the next `n` delivered messages (expiry mid-run). */
    expireTokenAfterSends(n: number) {
      expireAfterSends = n;
    },
    /** Someone force-refreshed elsewhere: the old token answers 40001 ("not latest"). */
    rotateToken() {
      if (current) current.superseded = true;
      issueToken();
    },
    /** WeChat's risk control rates this user high-risk: their logins answer 40226 from now on. */
    markHighRisk(openid: string) {
      highRisk.add(openid);
    },
    /** The next calls to code2Session/send/wxacode answer these errors, in order (e.g. "minuteQuota"). */
    failNext(...errors: ErrName[]) {
      injected.push(...errors);
    },
    issueLoginCode(openid: string) {
      const code = `code-${randomBytes(8).toString("hex")}`;
      loginCodes.set(code, { openid, used: false });
      return code;
    },
    sendRequests() {
      return requests.filter((r) => r.path === "/cgi-bin/message/subscribe/send");
    },
    reset() {
      requests.length = 0;
      messages.length = 0;
      injected.length = 0;
    },
    close: server.close,
  };
  return controls;
}

export type FakeWechat = Awaited<ReturnType<typeof startFakeWechat>>;

// Standalone: the templates of Steady's local-mode defaults, every user subscribed.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fake = await startFakeWechat({
    port: Number(process.env.FAKE_WECHAT_PORT ?? 8790),
    appId: process.env.WECHAT_APPID ?? FAKE_APP_ID,
    appSecret: process.env.WECHAT_SECRET ?? FAKE_APP_SECRET,
    autoSubscribe: true,
    // Steady's local-mode templates (worker/src/reminders/templates.ts, DEV_TEMPLATES).
    templates: {
      "dev-dose-reminder": { keys: ["thing1", "time2", "thing3"] },
      "dev-health-tip": { keys: ["thing1", "thing2"] },
    },
  });
  console.log(`Fake WeChat API on ${fake.baseUrl}`);
  console.log(
    `  pnpm start with WECHAT_API_BASE=${fake.baseUrl} WECHAT_APPID=${fake.appId} WECHAT_SECRET=${fake.appSecret}`,
  );
  console.log(`  delivered messages: GET ${fake.baseUrl}/__fake/messages`);
}
