import { z } from 'zod';
import { configNumber } from '../model/configScalars';
import { isoDaySchema as day, singleLine } from '../validation';
import { plainTextSchema } from '../validation';
import { EXEMPTION_REASONS } from './types';

/** An exemption's id: the UUID it was given when requested. @public */
export const exemptionIdSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'is not an exemption id',
  );

/** Most characters of an exemption's reason text and decision note. @public */
export const EXEMPTION_TEXT_MAX = 2000;

/**
 * `POST /entities/:kind/:namespace/:name/exemptions`. The end date's bounds
 * (after today, at most `readiness.exemptions.maxDays` ahead) are checked by
 * the backend, which knows the configuration and the clock.
 * @public
 */
export const exemptionRequestSchema = z
  .object({
    checkId: singleLine(z.string().min(1).max(64)),
    reasonCode: z.enum(EXEMPTION_REASONS),
    reasonText: plainTextSchema(EXEMPTION_TEXT_MAX).pipe(
      z.string().min(1, 'is required'),
    ),
    endsOn: day,
  })
  .strict();

/** @public */
export type ExemptionRequest = z.input<typeof exemptionRequestSchema>;

/** `POST .../exemptions/:id/approve` and `.../reject`. @public */
export const exemptionDecisionSchema = z
  .object({
    version: z.number().int().min(0).optional(),
    note: plainTextSchema(EXEMPTION_TEXT_MAX).optional(),
  })
  .strict();

/** @public */
export type ExemptionDecision = z.input<typeof exemptionDecisionSchema>;

/** `readiness.exemptions`: the longest exemption, in days (default 180). @public */
export const exemptionsConfigSchema = z
  .strictObject({
    maxDays: configNumber(z.number().int().min(1).max(3650).default(180)),
  })
  .prefault({});

/** @public */
export type ExemptionsConfig = z.infer<typeof exemptionsConfigSchema>;
