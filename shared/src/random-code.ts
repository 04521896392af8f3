// One generator for the short codes people read aloud or type (enrolment codes on posters, family
// invite codes). Unbiased: a random byte maps to a letter only below the largest multiple of the
// alphabet's size that fits in a byte; the bytes above it are thrown away and more are drawn
// (rejection sampling). `byte % 31` on every byte would make the first 8 letters 9/8 as likely.

/** Crockford-style: no 0/O, 1/I/L, so a code read off a poster or a phone is typed right. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A source of uniformly random bytes (tests pass their own to check the mapping exactly). */
export type RandomBytes = (count: number) => Uint8Array;

// shared/ is typed without DOM or Node globals; Web Crypto is on globalThis in every runtime we
// ship to (Node ≥ 20, Workers, browsers, WeChat's base library ≥ 2.x).
const webCryptoBytes: RandomBytes = (count) =>
  (
    globalThis as unknown as { crypto: { getRandomValues<T extends Uint8Array>(a: T): T } }
  ).crypto.getRandomValues(new Uint8Array(count));

/** `length` letters of `alphabet`, each equally likely and independent of the others. */
export function randomCode(
  length: number,
  alphabet = CODE_ALPHABET,
  bytes: RandomBytes = webCryptoBytes,
): string {
  const n = alphabet.length;
  if (n < 2 || n > 256) throw new RangeError("alphabet must have 2 to 256 letters");
  const limit = 256 - (256 % n);
  let out = "";
  while (out.length < length) {
    // Draw a little more than needed so one call usually suffices (31 letters: 3 % rejected).
    for (const b of bytes(length - out.length + 4)) {
      if (b < limit && out.length < length) out += alphabet[b % n];
    }
  }
  return out;
}

/** Enrolment code `XXXX-XXXX`: 8 letters (≈ 39.6 bits), a valid WeChat QR scene (≤ 32 characters). */
export const enrolmentCode = (bytes?: RandomBytes): string => {
  const c = randomCode(8, CODE_ALPHABET, bytes);
  return `${c.slice(0, 4)}-${c.slice(4)}`;
};

/** Family invite code: 8 letters (≈ 8.5 × 10^11 codes), matches INVITE_CODE. */
export const inviteCode = (bytes?: RandomBytes): string => randomCode(8, CODE_ALPHABET, bytes);
