// The isolate profile's arithmetic, on hand-built profiles: a sample stands for one sampling
// period (never for the gap after it, which is time the isolate was not running), idle samples
// count nothing, and a built-in is named with its JS caller.
import { describe, expect, it } from "vitest";
import { bucketsBy, type CpuProfile, functionKey, summarizeProfile } from "./isolate-profile";

const frame = (functionName: string, url = "") => ({ functionName, scriptId: "1", url, lineNumber: 0 });

/** root → send (bundle) → fetch (built-in); root → (idle); root → (garbage collector). */
function profile(samples: number[], timeDeltas: number[]): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame("(root)"), children: [2, 4, 5] },
      { id: 2, callFrame: frame("send", "file:///bundle/entry-worker.js"), children: [3] },
      { id: 3, callFrame: frame("fetch") },
      { id: 4, callFrame: frame("(idle)") },
      { id: 5, callFrame: frame("(garbage collector)") },
    ],
    startTime: 0,
    endTime: timeDeltas.reduce((a, b) => a + b, 0),
    samples,
    timeDeltas,
  };
}

describe("summarizeProfile", () => {
  it("counts one period per busy sample, not the wait that follows it", () => {
    // Worked by hand, period 1,000 µs: send, send, [5 s with no sample: the isolate waited], fetch,
    // idle, gc. Busy = send 1 ms + send 1 ms + fetch 1 ms + gc 1 ms = 4 ms; the idle sample adds
    // nothing, and the 5-s gap must not be charged to the second `send`.
    const p = profile([2, 2, 3, 4, 5], [0, 1_000, 5_000_000, 1_000, 1_000]);
    const s = summarizeProfile(p, 1_000);
    expect(s.periodUs).toBe(1_000);
    expect(s.samples).toBe(5);
    expect(s.idleSamples).toBe(1);
    expect(s.busyMs).toBeCloseTo(4, 6);
    expect(s.spanMs).toBeCloseTo(5_003, 6);
    // Busy time by the first 2 ms of the profile: the two `send` samples only.
    expect(s.busyUntil(2)).toBeCloseTo(2, 6);
  });

  it("takes the sampler's real period from back-to-back samples, and a shorter next gap as is", () => {
    // Asked 1,000 µs, the sampler really ticks every 1,100 µs; the gc sample is followed by the
    // next one only 300 µs later, so it stands for 300 µs.
    const p = profile([2, 2, 2, 5, 2], [0, 1_100, 1_100, 1_100, 300]);
    const s = summarizeProfile(p, 1_000);
    expect(s.periodUs).toBe(1_100);
    // 1.1 + 1.1 + 1.1 + 0.3 (gc, followed after 300 µs) + 1.1 (the last, no next sample) = 4.7 ms
    expect(s.busyMs).toBeCloseTo(4.7, 6);
  });

  it("names a built-in with the JS function that called it", () => {
    const s = summarizeProfile(profile([3, 3, 2, 5], [0, 1_000, 1_000, 1_000]), 1_000);
    const byFunction = new Map(bucketsBy(s, functionKey));
    expect(byFunction.get("fetch ← send (entry-worker.js:1)")).toBeCloseTo(2, 6);
    expect(byFunction.get("send (entry-worker.js:1)")).toBeCloseTo(1, 6);
    expect(byFunction.get("(garbage collector)")).toBeCloseTo(1, 6);
  });
});
