import { z } from 'zod';
import {
  ANSWER_LIMITS,
  hasControlCharacter,
  isHttpUrl,
  isIsoDate,
} from './annotations';
import { NOT_APPLICABLE_REASONS } from './types';
import { tryNormalizeEntityRef, kindOfRef } from './refs';

const CONTROL_MESSAGE = 'must not contain control characters';

/**
 * Free text of at most `max` characters, trimmed, without control characters
 * other than line breaks and tabs.
 * @public
 */
export const plainTextSchema = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .refine(v => !hasControlCharacter(v, 'text'), { error: CONTROL_MESSAGE });

/**
 * The same string schema, refusing control characters: for one-line values
 * (searches, ids, cursors, refs of actors) that reach the database, where
 * PostgreSQL refuses NUL in text and would fail the request instead.
 * @public
 */
export const singleLine = (schema: z.ZodString) =>
  schema.refine(v => !hasControlCharacter(v, 'anywhere'), {
    error: CONTROL_MESSAGE,
  });

/**
 * A calendar date written `YYYY-MM-DD` that exists (not 2027-02-30, which
 * `Date.parse` rolls over to March): every date the plugins take.
 * @public
 */
export const isoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isIsoDate, 'must be a real date');

/**
 * An http(s) URL without control characters.
 * @public
 */
export const evidenceUrlSchema = z
  .string()
  .trim()
  .max(ANSWER_LIMITS.evidenceUrlLength, {
    error: `must be at most ${ANSWER_LIMITS.evidenceUrlLength} characters`,
  })
  .refine(v => !hasControlCharacter(v, 'anywhere'), {
    error: CONTROL_MESSAGE,
  })
  .refine(isHttpUrl, { error: 'must be an http or https URL' });

/**
 * The body of `PUT .../answers/:checkId`. Shared by the backend (request
 * validation) and the frontend (form validation), so both say the same.
 * @public
 */
export const answerInputSchema = z
  .object({
    status: z.enum(['met', 'partially-met', 'not-met', 'not-applicable'], {
      error: 'must be one of met, partially-met, not-met, not-applicable',
    }),
    notApplicableReason: z
      .enum(NOT_APPLICABLE_REASONS, {
        error: `must be one of ${NOT_APPLICABLE_REASONS.join(', ')}`,
      })
      .optional(),
    notApplicableText: plainTextSchema(
      ANSWER_LIMITS.notApplicableTextLength,
    ).optional(),
    evidenceUrl: evidenceUrlSchema.optional(),
    note: plainTextSchema(ANSWER_LIMITS.noteLength).optional(),
    /** The version the client saw; 0 when it saw no portal answer. */
    version: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.status === 'not-applicable') {
      if (!value.notApplicableReason) {
        ctx.addIssue({
          code: 'custom',
          path: ['notApplicableReason'],
          message: 'is required when status is not-applicable',
        });
      }
      if (!value.notApplicableText) {
        ctx.addIssue({
          code: 'custom',
          path: ['notApplicableText'],
          message: 'is required when status is not-applicable',
        });
      }
    } else if (value.notApplicableReason || value.notApplicableText) {
      ctx.addIssue({
        code: 'custom',
        path: ['notApplicableReason'],
        message: 'is only allowed when status is not-applicable',
      });
    }
  });

/** @public */
export type AnswerInput = z.infer<typeof answerInputSchema>;

const holderRef = z.string().transform((value, ctx) => {
  const ref = tryNormalizeEntityRef(value, { defaultKind: 'user' });
  if (!ref) {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is not an entity ref`,
    });
    return z.NEVER;
  }
  const kind = kindOfRef(ref);
  if (kind !== 'user' && kind !== 'group') {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is a ${kind}; holders are users or groups`,
    });
    return z.NEVER;
  }
  return ref;
});

/**
 * The body of `PUT .../roles/:roleId`.
 * @public
 */
export const roleInputSchema = z
  .object({
    holders: z
      .array(holderRef)
      .max(ANSWER_LIMITS.holders, {
        error: `must name at most ${ANSWER_LIMITS.holders} holders`,
      })
      .transform(holders => [...new Set(holders)]),
    version: z.number().int().min(0).optional(),
  })
  .strict();

/** @public */
export type RoleInput = z.infer<typeof roleInputSchema>;

/** How many issues an error message names; the rest are counted. */
export const MAX_REPORTED_ISSUES = 20;

/**
 * Problems as one message: at most {@link MAX_REPORTED_ISSUES} named and the
 * rest counted, so a large bad body cannot make an even larger message.
 * @public
 */
export function listProblems(problems: string[]): string {
  const named = problems.slice(0, MAX_REPORTED_ISSUES).join('; ');
  const more = problems.length - MAX_REPORTED_ISSUES;
  return more > 0 ? `${named}; and ${more} more` : named;
}

/**
 * Formats zod issues as `field: message` so an error names the field (see
 * {@link listProblems}).
 * @public
 */
export function describeIssues(error: z.ZodError, prefix?: string): string {
  return listProblems(
    error.issues.map(issue => {
      const path = [prefix, ...issue.path.map(String)]
        .filter(Boolean)
        .join('.');
      const message =
        issue.message.length > 200
          ? `${issue.message.slice(0, 200)}…`
          : issue.message;
      return path ? `${path}: ${message}` : message;
    }),
  );
}
