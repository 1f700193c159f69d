/* Character tests that let the scanner read a value in place, without slicing. */

/** Whether `String.prototype.trim` removes this UTF-16 code unit. */
export function isTrimmed(c: number): boolean {
  return c <= 0x20
    ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
    : c >= 0xa0 &&
        (c === 0xa0 ||
          c === 0x1680 ||
          (c >= 0x2000 && c <= 0x200a) ||
          c === 0x2028 ||
          c === 0x2029 ||
          c === 0x202f ||
          c === 0x205f ||
          c === 0x3000 ||
          c === 0xfeff);
}

/**
 * Whether `raw.slice(from, to).toLowerCase() === name` for a lower-case
 * ASCII `name`, without slicing. (Of all of Unicode only the Kelvin sign
 * lower-cases to an ASCII letter, `k`, which no name here contains.)
 */
export function isName(raw: string, from: number, to: number, name: string) {
  if (to - from !== name.length) {
    return false;
  }
  for (let i = 0; i < name.length; i++) {
    const expected = name.charCodeAt(i);
    const c = raw.charCodeAt(from + i);
    // Letters in either case; anything else exactly.
    if (
      c !== expected &&
      !(expected >= 97 && expected <= 122 && c === expected - 32)
    ) {
      return false;
    }
  }
  return true;
}

/** How long a value a problem quotes before it cuts it short. */
const QUOTED_MAX = 60;

/**
 * A value as a problem quotes it: in quotes, cut short, so a problem stays
 * readable (and small) whatever the annotation's length.
 */
export function quoted(value: string): string {
  return value.length <= QUOTED_MAX
    ? `'${value}'`
    : `'${value.slice(0, QUOTED_MAX - 1)}…'`;
}
