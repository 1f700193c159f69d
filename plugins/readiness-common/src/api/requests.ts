import { z } from 'zod';
import { ANSWER_LIMITS } from '../annotations';
import { normalizeEntityRef } from '../refs';
import {
  evidenceUrlSchema,
  plainTextSchema,
  isoDaySchema as day,
  singleLine,
} from '../validation';

/*
 * The requests of the readiness REST API as zod schemas: the backend validates
 * with them and the OpenAPI document is checked against them by a test.
 */

const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

/** `:kind/:namespace/:name` of the entity routes. @public */
export const entityParamsSchema = z.object({
  kind: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, 'is not a valid entity kind'),
  namespace: z.string().regex(NAME, 'is not a valid entity namespace'),
  name: z.string().regex(NAME, 'is not a valid entity name'),
});

/** An entity ref in any accepted spelling, normalised; `defaultKind` fills a missing kind. @public */
export const entityRefSchema = (defaultKind?: string) =>
  z
    .string()
    .max(255)
    .transform((value, ctx) => {
      try {
        return normalizeEntityRef(
          value,
          defaultKind ? { defaultKind } : undefined,
        );
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `'${value.slice(0, 100)}' is not an entity ref`,
        });
        return z.NEVER;
      }
    });

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
const offset = z.coerce.number().int().min(0).max(10_000_000).default(0);
const order = z.enum(['asc', 'desc']).optional();
/** The longest search text (`q`) the lists take, after trimming. @public */
export const SEARCH_MAX_LENGTH = 200;
/** The most owners a list of scorecards filters on (`owner`). @public */
export const OWNER_FILTER_MAX = 100;
/** The most entities a list of scorecards filters on (`entityRef`). @public */
export const ENTITY_REF_FILTER_MAX = 100;

const search = singleLine(
  z.string().trim().min(1).max(SEARCH_MAX_LENGTH),
).optional();
const days = z.coerce.number().int().min(1).max(3660).default(180);
const checkId = singleLine(z.string().min(1).max(64));

/** `GET /scorecards`. @public */
export const scorecardQuerySchema = z
  .object({
    owner: z
      .union([
        entityRefSchema('group'),
        z.array(entityRefSchema('group')).max(OWNER_FILTER_MAX),
      ])
      .optional()
      .transform(v => (v === undefined ? undefined : [v].flat())),
    /** Only these entities (a ref without a kind is a Component). */
    entityRef: z
      .union([
        entityRefSchema('component'),
        z.array(entityRefSchema('component')).max(ENTITY_REF_FILTER_MAX),
      ])
      .optional()
      .transform(v => (v === undefined ? undefined : [...new Set([v].flat())])),
    system: entityRefSchema('system').optional(),
    domain: entityRefSchema('domain').optional(),
    kind: z
      .string()
      .max(63)
      .regex(/^[a-zA-Z]+$/, 'is not a kind')
      .transform(v => v.toLowerCase())
      .optional(),
    lifecycle: singleLine(z.string().max(64)).optional(),
    q: search,
    /** Only entities with an own answer that expires on or before this day (or expired). */
    expiringBy: day.optional(),
    sort: z.enum(['score', 'title', 'entityRef', 'nextExpiry']).optional(),
    order,
    limit: limit(500, 50),
    offset,
  })
  .strict();

/** @public */
export type ScorecardQuery = z.input<typeof scorecardQuerySchema>;

/** `GET /export.csv`: the filters of `GET /scorecards`, every match in ref order. @public */
export const scorecardExportQuerySchema = scorecardQuerySchema.omit({
  sort: true,
  order: true,
  limit: true,
  offset: true,
});

/** @public */
export type ScorecardExportQuery = z.input<typeof scorecardExportQuerySchema>;

/** `GET /rollups`. @public */
export const rollupListQuerySchema = z
  .object({
    by: z.enum(['group', 'system', 'domain']).default('group'),
    parent: z.string().max(255).optional(),
    q: search,
    sort: z.enum(['score', 'title', 'ref']).optional(),
    order,
    limit: limit(1000, 100),
    offset,
    asOf: day.optional(),
  })
  .strict();

/** @public */
export type RollupListQuery = z.input<typeof rollupListQuerySchema>;

/** `GET /rollups/:kind/:namespace/:name`. @public */
export const rollupDetailQuerySchema = z
  .object({
    limit: limit(500, 50),
    offset,
    /** How many children, lowest scores first; 0 for the rollup alone. */
    childLimit: z.coerce.number().int().min(0).max(1000).default(1000),
    asOf: day.optional(),
    days,
  })
  .strict();

/** @public */
export type RollupDetailQuery = z.input<typeof rollupDetailQuerySchema>;

/**
 * `GET /entities/:kind/:namespace/:name`: `etag` is the entity's catalog etag
 * as the caller just read it (the entity page has it); when the stored
 * scorecard was computed from it, the catalog need not be asked again.
 * @public
 */
export const scorecardReadQuerySchema = z
  .object({ etag: singleLine(z.string().min(1).max(200)).optional() })
  .strict();

/** How many changes `GET .../history` gives without `limit`, newest first. @public */
export const HISTORY_DEFAULT_LIMIT = 200;

/** `GET .../history`. @public */
export const historyQuerySchema = z
  .object({ limit: limit(1000, HISTORY_DEFAULT_LIMIT), days })
  .strict();

/** `POST .../review` and the `DELETE` bodies: only the version. @public */
export const versionBodySchema = z
  .object({ version: z.number().int().min(0).optional() })
  .strict();

/** How many results one `POST /results` may carry. @public */
export const MAX_PUSHED_RESULTS = 1000;

/** The largest `POST /results` body the backend reads, in bytes (1 MB). @public */
export const MAX_PUSH_BODY_BYTES = 1024 * 1024;

/** `POST /results`. @public */
export const pushResultsSchema = z
  .object({
    results: z
      .array(
        z
          .object({
            entityRef: entityRefSchema('component'),
            checkId,
            status: z.enum(['met', 'partially-met', 'not-met'], {
              error: 'must be one of met, partially-met, not-met',
            }),
            evidenceUrl: evidenceUrlSchema.optional(),
            note: plainTextSchema(ANSWER_LIMITS.noteLength).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_PUSHED_RESULTS),
  })
  .strict();

/** `DELETE /results/:kind/:namespace/:name`: all pushed results, or those of some checks. @public */
export const deleteResultsQuerySchema = z
  .object({
    checkId: z
      .union([checkId, z.array(checkId).max(100)])
      .optional()
      .transform(v => (v === undefined ? undefined : [v].flat())),
  })
  .strict();

/** `GET /scorecards/failing-checks`: a page in entity-ref order after `after`. @public */
export const failingChecksQuerySchema = z
  .object({
    after: singleLine(z.string().max(300)).default(''),
    limit: limit(1000, 500),
  })
  .strict();

/** @public */
export type FailingChecksQuery = z.input<typeof failingChecksQuerySchema>;
