import type { EducationItem } from "@steady/shared";
import { useCallback, useState } from "react";
import type { BpRecord, GlucoseRecord, Summary } from "../../api/types";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

export type Range = "7" | "30" | "90";
export const DAY = 86_400_000;

export interface TrendsData {
  summary: Summary;
  bp: BpRecord[];
  glucose: GlucoseRecord[];
  tip: EducationItem | null;
  /** When the summary request left: doses settled after it may be missing from it. */
  askedAt: number;
}

/** The summary, the readings of the range and the week's tip, fetched together each time the page shows. */
export function useTrendsData(range: Range) {
  const { store } = useApp();
  const [data, setData] = useState<TrendsData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (r: Range = range) => {
      const days = Number(r);
      const to = store.now();
      const from = to - days * DAY;
      const askedAt = store.now();
      try {
        const [summary, bp, glucose, tip] = await Promise.all([
          store.call((api) => api.summary(days)),
          store.call((api) => api.bpReadings(from, to)),
          store.call((api) => api.glucoseReadings(from, to)),
          store.call((api) => api.tip()),
        ]);
        setData({ summary, bp, glucose, tip, askedAt });
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [range, store],
  );
  useGate(load);
  return { data, error, load };
}
