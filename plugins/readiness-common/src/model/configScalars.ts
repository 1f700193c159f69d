import { z } from 'zod';

/*
 * Numbers and booleans of the `readiness` app-config section, read the way
 * Backstage's ConfigReader reads them (`getOptionalNumber`,
 * `getOptionalBoolean` of @backstage/config). Deployments write
 * `intervalMinutes: ${NOTIFY_MINUTES}`, and the config loader substitutes
 * such values as strings: "15" must be 15 and "false" false, as they are to
 * `config.getNumber` / `config.getBoolean` and to `config:check`. The schema
 * given keeps its bounds and default; they apply to the value read.
 */

/** The strings (and numbers) `getOptionalBoolean` reads as true / false. */
const TRUE = /^(?:y|yes|true|1|on)$/i;
const FALSE = /^(?:n|no|false|0|off)$/i;

/**
 * A config number: a number, or a string `getOptionalNumber` reads (trimmed,
 * not empty, `Number(...)` finite: "15", " 0.5 ", "1e3"), then `schema`.
 * Other strings are refused with the value in the message.
 */
export function configNumber<T extends z.ZodType<number>>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    const number = trimmed === '' ? NaN : Number(trimmed);
    if (!Number.isFinite(number)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a number, not ${JSON.stringify(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    return number;
  }, schema);
}

/**
 * A config boolean: a boolean, or what `getOptionalBoolean` reads as one
 * (case-insensitive, trimmed: true / yes / y / on / 1 and
 * false / no / n / off / 0, as strings or the numbers 1 and 0), then
 * `schema` (`z.literal(false)` where only false is allowed).
 * Other strings and numbers are refused with the value in the message.
 */
export function configBoolean<T extends z.ZodType<boolean> = z.ZodBoolean>(
  schema: T = z.boolean() as unknown as T,
) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string' && typeof value !== 'number') return value;
    const written = String(value).trim();
    if (TRUE.test(written)) return true;
    if (FALSE.test(written)) return false;
    ctx.addIssue({
      code: 'custom',
      message: `must be true or false, not ${JSON.stringify(value)}`,
      input: value,
    });
    return z.NEVER;
  }, schema);
}
