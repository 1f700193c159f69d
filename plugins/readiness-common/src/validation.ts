import { z } from 'zod';
import { ANSWER_LIMITS, isHttpUrl } from './annotations';
import { NOT_APPLICABLE_REASONS } from './types';
import { tryNormalizeEntityRef, kindOfRef } from './refs';

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
    notApplicableText: z
      .string()
      .trim()
      .max(ANSWER_LIMITS.notApplicableTextLength, {
        error: `must be at most ${ANSWER_LIMITS.notApplicableTextLength} characters`,
      })
      .optional(),
    evidenceUrl: z
      .string()
      .trim()
      .refine(isHttpUrl, { error: 'must be an http or https URL' })
      .optional(),
    note: z
      .string()
      .trim()
      .max(ANSWER_LIMITS.noteLength, {
        error: `must be at most ${ANSWER_LIMITS.noteLength} characters`,
      })
      .optional(),
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

/**
 * Formats zod issues as `field: message` so an error names the field.
 * @public
 */
export function describeIssues(error: z.ZodError, prefix?: string): string {
  return error.issues
    .map(issue => {
      const path = [prefix, ...issue.path.map(String)]
        .filter(Boolean)
        .join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
