// What a published programme figure can stand for (ADR 0013), for the portal's hover text and
// the CSV exports: counts of 5 or more are rounded to the nearest 5 (5–7 → 5), smaller ones are
// "<5", and shares are of the rounded counts. Pure arithmetic on published values only.
import type { SuppressedCount } from "./programme-schemas";

export const ROUNDING_BASE = 5;
export const SMALL_COUNT = 5;

/** The true counts a published rounded count stands for: 5 → 5–7, 10 → 8–12. */
export function roundedRange(published: number): [number, number] {
  if (published === 0) return [0, 0];
  return [Math.max(SMALL_COUNT, published - 2), published + 2];
}

/** The true share a share of two rounded counts stands for, as [low, high] (0–1). */
export function shareRange(num: number, den: number): [number, number] {
  const [nLo, nHi] = roundedRange(num);
  const [dLo, dHi] = roundedRange(den);
  return [nLo / Math.max(dHi, nLo), Math.min(1, nHi / dLo)];
}

/**
 * Where the part is "<5" but the whole is published (≥ 5): the share is at most 4 out of the
 * smallest whole the rounded one allows. Null when nothing can be said.
 */
export function smallShareCeiling(num: SuppressedCount, den: SuppressedCount): number | null {
  if (num !== "<5" || typeof den !== "number" || den < SMALL_COUNT) return null;
  return Math.min(1, (SMALL_COUNT - 1) / roundedRange(den)[0]);
}
