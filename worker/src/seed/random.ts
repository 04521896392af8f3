// A small seeded PRNG so demo and benchmark data are the same on every machine.
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
    /** Roughly normal (sum of uniforms), mean 0, sd 1. */
    normal: () => {
      let x = 0;
      for (let i = 0; i < 6; i++) x += next();
      return (x - 3) * Math.SQRT2;
    },
    uuid: () => {
      const h = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      h[12] = "4";
      h[16] = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
      const s2 = h.join("");
      return `${s2.slice(0, 8)}-${s2.slice(8, 12)}-${s2.slice(12, 16)}-${s2.slice(16, 20)}-${s2.slice(20)}`;
    },
  };
}
export type Rng = ReturnType<typeof rng>;
