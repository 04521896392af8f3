// CPU time of the processes a bench starts (the Node server; wrangler and its workerd children), from /proc.
import { readdirSync, readFileSync } from "node:fs";

/** A process's command name, process group and CPU milliseconds (user + system), from /proc/<pid>/stat. */
function statOf(pid: number | string): { name: string; pgrp: number; cpuMs: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return {
    name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    pgrp: Number(fields[2]), // field 5
    cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, // utime + stime, clock ticks of 1/100 s
  };
}

/** CPU milliseconds (user + system) one process has used so far. */
export function processCpuMs(pid: number): number {
  return statOf(pid).cpuMs;
}

/**
 * CPU milliseconds (user + system) of every process in a process group, by command name
 * ("workerd", "node" for wrangler itself…), from /proc. A process that exits during the run
 * takes its ticks with it: wrangler's workerd and node processes live for the whole run.
 */
export function groupCpuMs(pgid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const { name, pgrp, cpuMs } = statOf(pid);
      if (pgrp !== pgid) continue;
      byName.set(name, (byName.get(name) ?? 0) + cpuMs);
    } catch {
      // gone
    }
  }
  return byName;
}

export function cpuSince(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}
