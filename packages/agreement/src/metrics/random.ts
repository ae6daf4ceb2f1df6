/**
 * A seeded PRNG (mulberry32) returning floats in [0, 1) [M9]. The seed is hashed from its string form,
 * so `seededRandom(7)` and `seededRandom('7')` give the same stream; equal seeds give equal streams.
 *
 * @example const random = seededRandom('report-2026-11'); random() // 0.1234...
 */
export function seededRandom(seed: number | string): () => number {
  let state = hash(String(seed));
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units, then a final avalanche so nearby seeds start far apart. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
