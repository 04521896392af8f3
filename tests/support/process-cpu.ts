// CPU time of the processes a bench starts (wrangler and its workerd children), from /proc.
import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU milliseconds (user + system) of every process in a process group, by command name
 * ("workerd", "node" for wrangler itself…), from /proc. A process that exits during the run
 * takes its ticks with it: wrangler's workerd and node processes live for the whole run.
 */
export function groupCpuMs(pgid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue; // field 5: pgrp
      const ms = (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 1/100 s
      byName.set(name, (byName.get(name) ?? 0) + ms);
    } catch {
      // gone
    }
  }
  return byName;
}

export function cpuSince(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}
