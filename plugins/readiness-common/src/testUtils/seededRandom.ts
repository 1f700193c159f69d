/*
 * Seeded PRNG (mulberry32): the same organisation on every run and machine.
 * One stream for the whole generator, restarted by `seedRandom`, so the
 * organisation depends on the order its parts draw in: keep that order.
 */

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let next = mulberry32(1);

/** Restarts the stream: what follows depends only on `seed`. */
export function seedRandom(seed: number): void {
  next = mulberry32(seed);
}

export const random = () => next();
export const chance = (p: number) => random() < p;
export const int = (min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));
export const pick = <T>(items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
