import { InputError } from '@backstage/errors';
import {
  ANSWER_LIMITS,
  describeIssues,
  isHttpUrl,
  normalizeEntityRef,
} from '@prodready/plugin-readiness-common';
import { z } from 'zod';

const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

/** `:kind/:namespace/:name` of the entity routes. */
export const entityParamsSchema = z.object({
  kind: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, 'is not a valid entity kind'),
  namespace: z.string().regex(NAME, 'is not a valid entity namespace'),
  name: z.string().regex(NAME, 'is not a valid entity name'),
});

/** Parses with a schema, turning failures into an InputError that names each field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** The normalised entity ref of the entity route params. */
export function entityRefFromParams(params: unknown): string {
  const { kind, namespace, name } = parseInput(
    entityParamsSchema,
    params,
    'entity reference',
  );
  return normalizeEntityRef(`${kind}:${namespace}/${name}`);
}

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
const offset = z.coerce.number().int().min(0).max(10_000_000).default(0);
const order = z.enum(['asc', 'desc']).optional();
const search = z.string().trim().min(1).max(200).optional();
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(v => !isNaN(Date.parse(`${v}T00:00:00Z`)), 'must be a real date');
/** An entity ref in any accepted spelling, normalised; `defaultKind` fills a missing kind. */
export const refParam = (defaultKind?: string) =>
  z.string().transform((value, ctx) => {
    try {
      return normalizeEntityRef(
        value,
        defaultKind ? { defaultKind } : undefined,
      );
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not an entity ref`,
      });
      return z.NEVER;
    }
  });

/** `GET /scorecards`. */
export const scorecardQuerySchema = z
  .object({
    owner: z
      .union([refParam('group'), z.array(refParam('group')).max(100)])
      .optional()
      .transform(v => (v === undefined ? undefined : [v].flat())),
    system: refParam('system').optional(),
    domain: refParam('domain').optional(),
    kind: z
      .string()
      .regex(/^[a-zA-Z]+$/, 'is not a kind')
      .transform(v => v.toLowerCase())
      .optional(),
    lifecycle: z.string().max(64).optional(),
    q: search,
    sort: z.enum(['score', 'title', 'entityRef']).optional(),
    order,
    limit: limit(500, 50),
    offset,
  })
  .strict();

/** `GET /rollups`. */
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

/** `GET /rollups/:kind/:namespace/:name`. */
export const rollupDetailQuerySchema = z
  .object({
    limit: limit(500, 50),
    offset,
    asOf: day.optional(),
    days: z.coerce.number().int().min(1).max(3660).default(180),
  })
  .strict();

/** `GET .../history`. */
export const historyQuerySchema = z
  .object({
    limit: limit(1000, 200),
    days: z.coerce.number().int().min(1).max(3660).default(180),
  })
  .strict();

/** Version the client saw, from `If-Match` or the body. */
export function expectedVersion(
  ifMatch: string | undefined,
  bodyVersion: number | undefined,
): number {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!match) {
      throw new InputError(
        `Invalid If-Match header: '${ifMatch}' is not a version number`,
      );
    }
    headerVersion = Number(match[1]);
  }
  if (
    headerVersion !== undefined &&
    bodyVersion !== undefined &&
    headerVersion !== bodyVersion
  ) {
    throw new InputError(
      `Invalid request: If-Match (${headerVersion}) and version (${bodyVersion}) disagree`,
    );
  }
  const version = headerVersion ?? bodyVersion;
  if (version === undefined) {
    throw new InputError(
      'Invalid request: version is required (the version of the answer you saw, 0 for none), in the body or an If-Match header',
    );
  }
  return version;
}

/** `POST .../review` and `DELETE` bodies: only the version. */
export const versionBodySchema = z
  .object({ version: z.number().int().min(0).optional() })
  .strict();

/** `POST /results`. */
export const pushResultsSchema = z
  .object({
    results: z
      .array(
        z
          .object({
            entityRef: refParam('component'),
            checkId: z.string().min(1).max(64),
            status: z.enum(['met', 'partially-met', 'not-met'], {
              error: 'must be one of met, partially-met, not-met',
            }),
            evidenceUrl: z
              .string()
              .refine(isHttpUrl, { error: 'must be an http or https URL' })
              .optional(),
            note: z.string().max(ANSWER_LIMITS.noteLength).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();
