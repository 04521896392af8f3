// The V8 CPU profile of the user Worker's isolate under `wrangler dev --inspector-port <port>`,
// over the Chrome DevTools Protocol (Node's global WebSocket). miniflare's inspector proxy lists
// only user Workers, and V8 profiles one isolate: miniflare's local D1 (a Durable Object running
// SQLite) and Queues broker run in isolates of their own in the same workerd process and are left
// out. What remains is the Worker's own CPU, what Cloudflare bills and limits, including the D1
// binding's client (`cloudflare-internal:d1-api`), which runs in the Worker's isolate there too.
// Not counted: what workerd does in C++ for the Worker outside its isolate lock (its sockets).

/** The parts of a CDP `Profiler.Profile` used here. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

type CallFrame = CpuProfile["nodes"][number]["callFrame"];

/** Where a sample was: the innermost frame, and for a built-in (`fetch`, `JSON.parse`…) its JS caller. */
export interface Site {
  frame: CallFrame;
  caller?: CallFrame;
}

export interface ProfileSummary {
  /** Wall time the profile covers (ms). */
  spanMs: number;
  /** The sampler's real period (µs): the typical gap between two samples taken back to back. */
  periodUs: number;
  /** Samples taken, and how many of them found the isolate `(idle)`. */
  samples: number;
  idleSamples: number;
  /** Time the isolate was busy (ms): about one period per sample not `(idle)`. */
  busyMs: number;
  /** Busy time (ms) in the first `ms` of the profile. */
  busyUntil(ms: number): number;
  /** Busy time per site of the sampled (innermost) function: its self time (ms). */
  self: Map<Site, number>;
}

/**
 * Busy time from the samples. V8 takes a sample only while the isolate is entered (holds
 * workerd's isolate lock): while the Worker waits on I/O, or workerd runs another isolate (the D1
 * and Queues simulators) or its own event loop, no sample is taken, and the gap to the next sample
 * is a multiple of the period. So a sample stands for one period (or less, when the next came
 * sooner), never for its whole gap: a profile of a Worker waiting 5 s holds 2 samples.
 */
export function summarizeProfile(p: CpuProfile, requestedUs: number): ProfileSummary {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const sites = new Map<number, Site>();
  const siteOf = (id: number): Site | undefined => {
    let site = sites.get(id);
    const frame = byId.get(id)?.callFrame;
    if (site || !frame) return site;
    let up = parent.get(id);
    while (!frame.url && up !== undefined && !byId.get(up)?.callFrame.url) up = parent.get(up);
    const caller = frame.url || up === undefined ? undefined : byId.get(up)?.callFrame;
    site = caller ? { frame, caller } : { frame };
    sites.set(id, site);
    return site;
  };
  // timeDeltas[i] is the time from sample i-1 to sample i.
  const gaps = p.timeDeltas.slice(1).filter((d) => d > 0.5 * requestedUs && d < 1.5 * requestedUs);
  gaps.sort((a, b) => a - b);
  const periodUs = gaps[gaps.length >> 1] ?? requestedUs;
  const self = new Map<Site, number>();
  let idleSamples = 0;
  let busyMs = 0;
  let at = p.startTime;
  const timeline: [number, number][] = []; // (ms since the start, busy ms so far)
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    const f = siteOf(p.samples[i] as number);
    if (!f) continue;
    if (f.frame.functionName === "(idle)") {
      idleSamples++;
      continue;
    }
    const ms = Math.min(periodUs, p.timeDeltas[i + 1] ?? periodUs) / 1000;
    self.set(f, (self.get(f) ?? 0) + ms);
    busyMs += ms;
    timeline.push([(at - p.startTime) / 1000, busyMs]);
  }
  return {
    spanMs: (p.endTime - p.startTime) / 1000,
    periodUs,
    samples: p.samples.length,
    idleSamples,
    busyMs,
    self,
    busyUntil: (ms) => timeline.findLast(([t]) => t <= ms)?.[1] ?? 0,
  };
}

/** Sums self time by a key of the site (function, source module…), largest first. */
export function bucketsBy(s: ProfileSummary, key: (f: Site) => string): [string, number][] {
  const out = new Map<string, number>();
  for (const [f, ms] of s.self) {
    const k = key(f);
    out.set(k, (out.get(k) ?? 0) + ms);
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}

const frameName = (f: CallFrame) =>
  `${f.functionName || "(anonymous)"} (${f.url.slice(f.url.lastIndexOf("/") + 1)}:${f.lineNumber + 1})`;

/**
 * `name (file:line)` for a JS function; a built-in by name and its caller (`fetch ← postJson
 * (…)`); V8's own buckets (`(program)`, `(garbage collector)`) by name.
 */
export function functionKey({ frame, caller }: Site): string {
  if (frame.url) return frameName(frame);
  const name = frame.functionName || "(native)";
  return caller ? `${name} ← ${frameName(caller)}` : name;
}

/**
 * Source module of each line of an esbuild bundle that is not minified (as `wrangler dev` builds):
 * esbuild opens every module with a `// path` comment. Returns a lookup for 0-based lines:
 * an npm package's name, or the project file's path.
 */
export function bundleModules(source: string): (line: number) => string {
  const starts: [number, string][] = [];
  source.split("\n").forEach((text, i) => {
    const path = /^\/\/ (\S+\.[cm]?[jt]sx?)$/.exec(text)?.[1];
    if (!path) return;
    const nm = path.lastIndexOf("node_modules/");
    const pkg = nm < 0 ? [] : path.slice(nm + "node_modules/".length).split("/");
    const name = pkg[0]?.startsWith("@") ? `${pkg[0]}/${pkg[1]}` : pkg[0];
    starts.push([i, name ?? path]);
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = "(bundle)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, name] = starts[mid] as [number, string];
      if (start <= line) {
        found = name;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

export interface IsolateProfiler {
  /** The target profiled (wrangler's name for the Worker). */
  title: string;
  /** Starts sampling the isolate every `samplingIntervalUs` (µs). */
  start(samplingIntervalUs: number): Promise<void>;
  stop(): Promise<CpuProfile>;
  /** The source of a script the profile names (the Worker's bundle). */
  scriptSource(scriptId: string): Promise<string>;
  /** Runs `expression` in the Worker's isolate (Runtime.evaluate), e.g. a known amount of work. */
  evaluate(expression: string): Promise<unknown>;
  close(): void;
}

/** Connects to the first target wrangler's inspector lists on `port` (the user Worker). */
export async function connectIsolateProfiler(port: number): Promise<IsolateProfiler> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as {
    title: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets[0];
  if (!target) throw new Error(`the inspector on ${port} lists no target`);
  // miniflare's proxy accepts only DevTools-like origins; Node's WebSocket (undici) takes headers.
  const ws = new WebSocket(target.webSocketDebuggerUrl, {
    headers: { origin: "http://127.0.0.1" },
  } as unknown as string[]);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("inspector WebSocket failed")), { once: true });
  });
  let nextId = 1;
  let contextId: number | undefined;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(String(ev.data)) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
      method?: string;
      params?: { context?: { id: number } };
    };
    if (msg.method === "Runtime.executionContextCreated" && msg.params?.context)
      contextId = msg.params.context.id;
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return; // other events
    pending.delete(msg.id as number);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  });
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  return {
    title: target.title,
    async start(interval) {
      await send("Profiler.setSamplingInterval", { interval });
      await send("Profiler.start");
    },
    async stop() {
      return (await send<{ profile: CpuProfile }>("Profiler.stop")).profile;
    },
    async scriptSource(scriptId) {
      await send("Debugger.enable");
      try {
        return (await send<{ scriptSource: string }>("Debugger.getScriptSource", { scriptId })).scriptSource;
      } finally {
        await send("Debugger.disable");
      }
    },
    async evaluate(expression) {
      // workerd names its context only to a Runtime domain that is enabled (the event comes before
      // the answer); disabled again after, so the Worker's console is not mirrored here meanwhile.
      await send("Runtime.enable");
      try {
        const r = await send<{ result: { value?: unknown } }>("Runtime.evaluate", {
          expression,
          returnByValue: true,
          contextId,
        });
        return r.result.value;
      } finally {
        await send("Runtime.disable");
      }
    },
    close: () => ws.close(),
  };
}
