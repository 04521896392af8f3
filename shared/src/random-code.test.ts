import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INVITE_CODE } from "./family-schemas";
import { CODE_ALPHABET, enrolmentCode, inviteCode, randomCode } from "./random-code";

/** A byte source that replays `stream` (cycling), so the mapping can be checked exactly. */
const replay = (stream: number[]) => {
  let i = 0;
  return (count: number) => Uint8Array.from({ length: count }, () => stream[i++ % stream.length] as number);
};

const alphabetArb = fc
  .uniqueArray(fc.integer({ min: 33, max: 126 }), { minLength: 2, maxLength: 94 })
  .map((codes) => String.fromCharCode(...codes));

describe("randomCode", () => {
  it("has the asked length and only letters of the alphabet", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), alphabetArb, (length, alphabet) => {
        const code = randomCode(length, alphabet);
        expect(code).toHaveLength(length);
        for (const ch of code) expect(alphabet).toContain(ch);
      }),
    );
  });

  it("uses exactly the bytes below the largest multiple of the alphabet size, in order", () => {
    fc.assert(
      fc.property(
        alphabetArb,
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (alphabet, stream, length) => {
          const n = alphabet.length;
          const limit = 256 - (256 % n);
          fc.pre(stream.some((b) => b < limit));
          const accepted = stream.filter((b) => b < limit);
          const expected = Array.from(
            { length },
            (_, k) => alphabet[(accepted[k % accepted.length] as number) % n],
          );
          expect(randomCode(length, alphabet, replay(stream))).toBe(expected.join(""));
        },
      ),
    );
  });

  it("has no modulo bias: every byte value once gives every letter equally often", () => {
    fc.assert(
      fc.property(
        alphabetArb,
        fc.shuffledSubarray([...Array(256).keys()], { minLength: 256, maxLength: 256 }),
        (alphabet, permutation) => {
          const n = alphabet.length;
          const limit = 256 - (256 % n);
          // 256 bytes, each value once, yield `limit` letters: each letter limit / n times.
          const code = randomCode(limit, alphabet, replay(permutation));
          const counts = new Map<string, number>();
          for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
          expect(counts.size).toBe(n);
          for (const c of counts.values()) expect(c).toBe(limit / n);
        },
      ),
    );
  });

  it("uses the alphabet uniformly with the real random source (chi-square, ≈ 10⁻⁵ to fail by chance)", () => {
    const n = CODE_ALPHABET.length;
    const draws = 62_000;
    const code = randomCode(draws);
    const counts = new Map<string, number>();
    for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(n);
    const e = draws / n;
    const chi2 = [...counts.values()].reduce((s, o) => s + (o - e) ** 2 / e, 0);
    // 30 degrees of freedom: P(χ² > 76) ≈ 10⁻⁵ for a uniform source. The old `byte % 31`
    // (9/248 for 8 letters, 8/248 for the rest) lands near χ² ≈ 175 at this many draws.
    expect(chi2).toBeLessThan(76);
  });

  it("refuses alphabets it cannot map without bias", () => {
    expect(() => randomCode(4, "A")).toThrow(RangeError);
  });
});

describe("the codes built on it", () => {
  it("enrolment codes are XXXX-XXXX and invite codes match INVITE_CODE", () => {
    for (let i = 0; i < 200; i++) {
      expect(enrolmentCode()).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(inviteCode()).toMatch(INVITE_CODE);
    }
  });
});
