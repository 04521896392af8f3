// The app's state: session, preferences, cached server data and the offline queue.
// Pages read it through useApp(); every write goes through the queue (docs/product.md, Offline first).

import type { Fetch } from "@steady/api-client";
import { addDays, DEFAULT_TIMEZONE, type Locale, localDateOf } from "@steady/shared";
import { uuidv7 } from "uuidv7";
import { ApiClient, ApiError } from "../api/client";
import type { Plan, ReminderView, TodaySlot } from "../api/types";
import { type Translate, translator } from "../i18n";
import type { AddedAlarms, DesiredAlarm } from "../lib/alarms";
import { afterTodayAnswer, KEEP_DAYS, type SettledDose, settleDoses } from "../lib/dose-ledger";
import { configureZodLocale } from "../lib/locale";
import { afterPlansAnswer, type SettledRefill, settleRefills } from "../lib/supply-model";
import { apiBase } from "../platform/env";
import { NetworkError } from "../platform/request";
import type { KeyValueStore } from "../platform/storage";
import { type FlushReport, OfflineQueue, type QueueItem, type QueueKind } from "../sync/queue";
import { apiTransport } from "../sync/transport";

export interface Session {
  token: string;
  patientId: string;
  enrolled: boolean;
}

export interface Prefs {
  locale: Locale;
  /** Large-type mode (MIIT 适老化): bigger text and ≥ 60 px tap targets. */
  large: boolean;
}

export interface AppState {
  ready: boolean;
  session?: Session;
  prefs: Prefs;
  tz: string;
  /** Enrolment code the app was opened with, until enrolment uses it. */
  pendingScene?: string;
  plans?: Plan[];
  today: Record<string, TodaySlot[]>;
  /** Dose events the server acknowledged that the cached today answers may not show yet. */
  settled: readonly SettledDose[];
  /** 取了药 the server acknowledged that the cached plans may not list yet. */
  settledRefills: readonly SettledRefill[];
  /** When the request behind the cached plans left (0: never). */
  plansAskedAt: number;
  /** WeChat reminders left and the templates to ask for (GET /me/reminders), cached. */
  reminders?: ReminderView;
  /** Phone calendar alarms this app added, by time of day. */
  alarms: AddedAlarms;
  /** The last request reached the server. */
  online: boolean;
  queue: readonly QueueItem[];
}

const KEYS = {
  session: "steady.session",
  prefs: "steady.prefs",
  plans: "steady.cache.plans",
  today: "steady.cache.today",
  settled: "steady.doses.settled",
  settledRefills: "steady.refills.settled",
  plansAskedAt: "steady.cache.plansAskedAt",
  reminders: "steady.cache.reminders",
  alarms: "steady.alarms",
  /** Subscription results WeChat gave while the server was out of reach: reported later. */
  pendingSubscriptions: "steady.pendingSubscriptions",
};

/** A result of wx.requestSubscribeMessage to report: for reminders, or for family notices. */
interface PendingSubscription {
  id: string;
  to: "reminders" | "family";
  templateId: string;
  result: string;
}

export interface AppDeps {
  storage: KeyValueStore;
  /** The transport of the API client (platform/request.ts; tests pass their own). */
  fetch: Fetch;
  /** API origin; the build's STEADY_API_BASE when omitted. */
  origin?: string;
  /** Login code for /auth/wechat (wx.login, or `dev:<name>` on H5). */
  loginCode: () => Promise<string>;
  now?: () => number;
  defaultLarge?: boolean;
}

export class AppStore {
  state: AppState;
  readonly api: ApiClient;
  readonly queue: OfflineQueue;
  private readonly listeners = new Set<() => void>();
  private loginInFlight: Promise<Session> | null = null;
  readonly now: () => number;
  private plansStale = false;

  constructor(private readonly deps: AppDeps) {
    this.now = deps.now ?? Date.now;
    this.state = {
      ready: false,
      prefs: { locale: "zh-CN", large: deps.defaultLarge ?? false },
      tz: DEFAULT_TIMEZONE,
      today: {},
      settled: [],
      settledRefills: [],
      plansAskedAt: 0,
      alarms: {},
      online: true,
      queue: [],
    };
    this.api = new ApiClient(deps.fetch, () => this.state.session?.token, deps.origin ?? apiBase);
    this.queue = new OfflineQueue(deps.storage, apiTransport(this.api), {
      now: this.now,
      // Acknowledged doses and refills go into their ledgers (and storage) before they leave the
      // queue, so the screen never falls back to an older server answer in between.
      onSettled: async (items) => {
        // A stored plan edit (a new count among them) or refill changes the supply the server
        // shows: ask for the plans again after this flush.
        if (items.some((i) => i.kind === "refill" || i.kind.startsWith("plan_"))) this.plansStale = true;
        await this.saveSettled(settleDoses(this.state.settled, items, this.now(), this.state.tz));
        if (items.some((i) => i.kind === "refill"))
          await this.saveSettledRefills(settleRefills(this.state.settledRefills, items));
      },
    });
    this.queue.subscribe(() => this.set({ queue: this.queue.snapshot() }));
  }

  // --- subscription (useSyncExternalStore) ---------------------------------------------
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
  getState = () => this.state;
  private set(patch: Partial<AppState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  get t(): Translate {
    return translator(this.state.prefs.locale);
  }

  // --- start-up ----------------------------------------------------------------------------
  async init(scene?: string): Promise<void> {
    const { storage } = this.deps;
    const [session, prefs, plans, today, reminders, alarms, settled, settledRefills, plansAskedAt] =
      await Promise.all([
        storage.get<Session>(KEYS.session),
        storage.get<Prefs>(KEYS.prefs),
        storage.get<Plan[]>(KEYS.plans),
        storage.get<Record<string, TodaySlot[]>>(KEYS.today),
        storage.get<ReminderView>(KEYS.reminders),
        storage.get<AddedAlarms>(KEYS.alarms),
        storage.get<SettledDose[]>(KEYS.settled),
        storage.get<SettledRefill[]>(KEYS.settledRefills),
        storage.get<number>(KEYS.plansAskedAt),
      ]);
    await this.queue.load();
    const merged = { ...this.state.prefs, ...(prefs ?? {}) };
    configureZodLocale(merged.locale);
    this.set({
      ready: true,
      session: session ?? undefined,
      prefs: merged,
      plans: plans ?? undefined,
      today: today ?? {},
      settled: Array.isArray(settled) ? settled : [],
      settledRefills: Array.isArray(settledRefills) ? settledRefills : [],
      plansAskedAt: typeof plansAskedAt === "number" ? plansAskedAt : 0,
      reminders: reminders ?? undefined,
      alarms: alarms ?? {},
      pendingScene: scene ?? this.state.pendingScene,
    });
  }

  async setPrefs(patch: Partial<Prefs>) {
    const prefs = { ...this.state.prefs, ...patch };
    configureZodLocale(prefs.locale);
    this.set({ prefs });
    await this.deps.storage.set(KEYS.prefs, prefs);
  }

  setScene(code: string | undefined) {
    this.set({ pendingScene: code });
  }

  // --- session -----------------------------------------------------------------------------
  /** Log in once (WeChat code → token); later calls reuse the stored session. */
  ensureSession(): Promise<Session> {
    if (this.state.session) return Promise.resolve(this.state.session);
    if (!this.loginInFlight) {
      this.loginInFlight = (async () => {
        const code = await this.deps.loginCode();
        const res = await this.api.login(code);
        const session: Session = { token: res.token, patientId: res.patientId, enrolled: res.enrolled };
        await this.saveSession(session);
        return session;
      })().finally(() => {
        this.loginInFlight = null;
      });
    }
    return this.loginInFlight;
  }

  private async saveSession(session: Session | undefined) {
    this.set({ session });
    if (session) await this.deps.storage.set(KEYS.session, session);
    else await this.deps.storage.remove(KEYS.session);
  }

  async markEnrolled() {
    if (this.state.session) await this.saveSession({ ...this.state.session, enrolled: true });
    this.set({ pendingScene: undefined });
  }

  /** A 401 means the token expired: log in again once and retry. */
  private async authed<T>(fn: () => Promise<T>): Promise<T> {
    await this.ensureSession();
    try {
      const out = await fn();
      if (!this.state.online) this.set({ online: true });
      return out;
    } catch (e) {
      if (e instanceof NetworkError) this.set({ online: false });
      if (e instanceof ApiError && e.status === 401) {
        await this.saveSession(undefined);
        await this.ensureSession();
        return fn();
      }
      throw e;
    }
  }

  call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T> {
    return this.authed(() => fn(this.api));
  }

  // --- reads with offline cache ------------------------------------------------------------
  async refreshPlans(): Promise<Plan[] | undefined> {
    // Taken before the request leaves: doses settled later may be missing from the answer.
    const startedAt = this.now();
    try {
      const plans = await this.authed(() => this.api.plans());
      this.set({ plans, plansAskedAt: startedAt });
      await this.deps.storage.set(KEYS.plans, plans);
      await this.deps.storage.set(KEYS.plansAskedAt, startedAt);
      const refills = afterPlansAnswer(this.state.settledRefills, plans);
      if (refills.length !== this.state.settledRefills.length) await this.saveSettledRefills(refills);
      return plans;
    } catch (e) {
      if (e instanceof NetworkError) return this.state.plans;
      throw e;
    }
  }

  async refreshToday(date: string): Promise<TodaySlot[] | undefined> {
    // Taken before the request leaves: events settled later may be missing from the answer.
    const startedAt = this.now();
    try {
      const { slots } = await this.authed(() => this.api.today(date));
      // Keep only a few days of cache.
      const today = Object.fromEntries(
        Object.entries({ ...this.state.today, [date]: slots })
          .sort(([a], [b]) => b.localeCompare(a))
          .slice(0, KEEP_DAYS),
      );
      const keepFrom = addDays(localDateOf(this.now(), this.state.tz), -(KEEP_DAYS - 1));
      const settled = afterTodayAnswer(this.state.settled, date, startedAt, keepFrom);
      this.set({ today });
      await this.deps.storage.set(KEYS.today, today);
      if (settled.length !== this.state.settled.length) await this.saveSettled(settled);
      return slots;
    } catch (e) {
      if (e instanceof NetworkError) return this.state.today[date];
      throw e;
    }
  }

  private settledWrites: Promise<void> = Promise.resolve();
  /** Writes of the ledger are chained so an older copy never lands after a newer one. */
  private saveSettled(settled: SettledDose[]): Promise<void> {
    this.set({ settled });
    const write = this.settledWrites.then(() => this.deps.storage.set(KEYS.settled, this.state.settled));
    this.settledWrites = write.catch(() => undefined);
    return write;
  }

  private refillWrites: Promise<void> = Promise.resolve();
  private saveSettledRefills(settledRefills: SettledRefill[]): Promise<void> {
    this.set({ settledRefills });
    const write = this.refillWrites.then(() =>
      this.deps.storage.set(KEYS.settledRefills, this.state.settledRefills),
    );
    this.refillWrites = write.catch(() => undefined);
    return write;
  }

  // --- reminders: WeChat quota top-up, phone calendar alarms ---------------------------------
  /** WeChat reminders left and the templates to ask for; reports any results still pending. */
  async refreshReminders(): Promise<ReminderView | undefined> {
    try {
      await this.reportPendingSubscriptions();
      const reminders = await this.authed(() => this.api.reminders());
      this.set({ reminders });
      await this.deps.storage.set(KEYS.reminders, reminders);
      return reminders;
    } catch (e) {
      if (e instanceof NetworkError) return this.state.reminders;
      throw e;
    }
  }

  /** Change reminder settings on the server (online only: settings are not facts to queue). */
  async saveReminderSettings(patch: Parameters<ApiClient["patchReminders"]>[0]) {
    // Each save is one field the patient just chose: when another of their phones changed the
    // settings meanwhile (412), the choice is applied once more over the version now stored.
    const save = (version: number) => this.authed(() => this.api.patchReminders(patch, version));
    const reminders = await save(this.state.reminders?.version ?? 0).catch((e) => {
      const current = e instanceof ApiError && e.status === 412 ? e.problem.current : undefined;
      const version = (current as { version?: number } | undefined)?.version;
      if (version === undefined) throw e;
      return save(version);
    });
    this.set({ reminders });
    await this.deps.storage.set(KEYS.reminders, reminders);
    return reminders;
  }

  /**
   * Reports WeChat's answer for each template (every result, accepted or not: the server counts
   * only acceptances). Each report carries its own id, so one sent twice counts once; while the
   * server is out of reach they wait on the phone.
   */
  async reportSubscriptions(to: PendingSubscription["to"], results: Record<string, string>) {
    const pending = (await this.deps.storage.get<PendingSubscription[]>(KEYS.pendingSubscriptions)) ?? [];
    for (const [templateId, result] of Object.entries(results))
      pending.push({ id: uuidv7(), to, templateId, result });
    await this.deps.storage.set(KEYS.pendingSubscriptions, pending);
    await this.reportPendingSubscriptions();
    if (to === "reminders") await this.refreshReminders();
  }

  private async reportPendingSubscriptions() {
    const pending = (await this.deps.storage.get<PendingSubscription[]>(KEYS.pendingSubscriptions)) ?? [];
    const left: PendingSubscription[] = [];
    for (const p of pending) {
      const body = { id: p.id, templateId: p.templateId, result: p.result };
      try {
        await this.authed(() =>
          p.to === "family" ? this.api.reportFamilySubscription(body) : this.api.reportSubscription(body),
        );
      } catch (e) {
        // Network trouble: keep it for later. The server refused it (e.g. an old template): drop it.
        if (e instanceof NetworkError) left.push(p);
      }
    }
    if (left.length !== pending.length) await this.deps.storage.set(KEYS.pendingSubscriptions, left);
  }

  /** Remember alarms put into the phone's calendar (or the .ics file), replacing the same times. */
  async rememberAlarms(alarms: DesiredAlarm[], via: "calendar" | "ics") {
    const next = { ...this.state.alarms };
    for (const a of alarms) next[a.time] = { ...a, addedAt: this.now(), via };
    this.set({ alarms: next });
    await this.deps.storage.set(KEYS.alarms, next);
  }

  /** The patient deleted these from the calendar (or says they no longer want them). */
  async forgetAlarms(times: string[]) {
    const next = Object.fromEntries(Object.entries(this.state.alarms).filter(([t]) => !times.includes(t)));
    this.set({ alarms: next });
    await this.deps.storage.set(KEYS.alarms, next);
  }

  // --- writes --------------------------------------------------------------------------
  /** Queue a write (shown at once), then try to upload everything that is due. */
  async write(
    kind: QueueKind,
    body: Record<string, unknown>,
    opts?: { target?: string; holdMs?: number; baseVersion?: number },
  ) {
    const item = await this.queue.enqueue(kind, body, opts);
    void this.sync();
    // Upload a held Take/Skip as soon as its undo window closes.
    if (opts?.holdMs) setTimeout(() => void this.sync(), opts.holdMs + 250);
    return item;
  }

  async sync(): Promise<FlushReport | undefined> {
    if (!this.state.session || this.queue.pendingCount() === 0) return undefined;
    const report = await this.queue.flush();
    if (report.interrupted && report.error instanceof ApiError && report.error.status === 401) {
      await this.saveSession(undefined);
      try {
        await this.ensureSession();
        return this.queue.flush();
      } catch {
        return report;
      }
    }
    const online = !(report.interrupted && report.error instanceof NetworkError);
    if (online !== this.state.online) this.set({ online });
    // Ask again for the days whose doses just reached the server (their doseIds, and what
    // another phone logged meanwhile); what the answer may lack stays in the ledger.
    if (report.sent > 0) {
      const days = new Set(this.state.settled.map((d) => d.date).filter((d) => d in this.state.today));
      for (const d of days) void this.refreshToday(d).catch(() => undefined);
      // The supply the server now counts from (its run-out moved with the doses and refills).
      if (this.plansStale || this.state.plans?.some((p) => p.supply)) {
        this.plansStale = false;
        void this.refreshPlans().catch(() => undefined);
      }
    }
    return report;
  }

  /** After account deletion: forget everything on this phone. */
  async forgetAll() {
    for (const item of this.queue.snapshot()) await this.queue.remove(item.id);
    for (const key of Object.values(KEYS)) await this.deps.storage.remove(key);
    this.set({
      session: undefined,
      plans: undefined,
      today: {},
      settled: [],
      settledRefills: [],
      plansAskedAt: 0,
      reminders: undefined,
      alarms: {},
    });
  }
}
