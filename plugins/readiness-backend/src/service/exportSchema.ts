import {
  answerInputSchema,
  roleInputSchema,
} from '@prodready/plugin-readiness-common';
import { z } from 'zod';
import { refParam } from './requestSchemas';

const timestamp = z
  .string()
  .max(32)
  .refine(v => !isNaN(Date.parse(v)), 'must be an ISO timestamp');
const entityRef = refParam();

/** The body of `POST /import`: exactly what `GET /export` returns. */
export const importSchema = z
  .object({
    format: z.literal('readiness-export'),
    version: z.literal(1),
    exportedAt: timestamp,
    answers: z.array(
      answerInputSchema.safeExtend({
        entityRef,
        checkId: z.string().min(1).max(64),
        source: z.literal('portal'),
        answeredBy: z.string().min(1).max(255),
        answeredAt: timestamp,
        version: z.number().int().min(1),
        review: z
          .object({
            reviewedBy: z.string().min(1).max(255),
            reviewedAt: timestamp,
          })
          .strict()
          .optional(),
      }),
    ),
    roles: z.array(
      roleInputSchema.extend({
        entityRef,
        roleId: z.string().min(1).max(64),
        source: z.literal('portal'),
        assignedBy: z.string().min(1).max(255),
        assignedAt: timestamp,
        version: z.number().int().min(1),
      }),
    ),
  })
  .strict();
