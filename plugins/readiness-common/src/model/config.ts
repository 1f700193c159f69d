import { z } from 'zod';

/** Check ids are `<category>.<name>`; 57 characters keep `check.<id>` within an annotation name's 63. */
export const checkId = z
  .string()
  .max(57, 'must be at most 57 characters')
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:[-.][a-z0-9]+)*$/,
    'must look like <category>.<name> in lower-case kebab-case',
  );
export const simpleId = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case');
const text = (max: number) => z.string().trim().min(1).max(max);
const kinds = z
  .array(z.string().regex(/^[a-z]+$/, 'must be a lower-case kind'))
  .min(1);

const checkOverrides = z
  .object({
    category: simpleId(40),
    title: text(120),
    question: text(500),
    guidance: text(4000),
    weight: z.number().positive().max(100),
    gate: z.boolean(),
    level: simpleId(40),
    appliesTo: kinds,
    expiresAfterDays: z.number().int().positive().max(3650),
    roles: z.array(simpleId(58)),
  })
  .partial()
  .strict();

const customCheck = checkOverrides
  .required({ category: true, title: true, question: true })
  .extend({ id: checkId });

const category = z
  .object({ id: simpleId(40), title: text(80), description: text(1000) })
  .strict();
const level = z
  .object({
    id: simpleId(40),
    title: text(80),
    description: text(1000).optional(),
  })
  .strict();
const roleOverrides = z
  .object({
    title: text(80),
    responsibility: text(1000),
    required: z.boolean(),
  })
  .partial()
  .strict();
const customRole = roleOverrides
  .required({ title: true, responsibility: true })
  .extend({ id: simpleId(58) });

/**
 * The `readiness` section of app-config. Unknown keys are errors, so a typo
 * does not silently leave the default checklist in place.
 * @public
 */
export const readinessModelConfigSchema = z.strictObject({
  // Read by the backend itself; listed so that typos elsewhere are caught.
  schedule: z.unknown().optional(),
  snapshotRetentionDays: z.number().int().positive().optional(),
  results: z
    .strictObject({
      publishers: z
        .array(
          z.strictObject({
            subject: z.string().min(1).max(255),
            checks: z.array(z.string().min(1).max(64)).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  minimumProductionLevel: z.union([simpleId(40), z.literal(false)]).optional(),
  levels: z.array(level).min(1).optional(),
  categories: z.array(category).optional(),
  checks: z
    .object({
      disabled: z.array(checkId).optional(),
      overrides: z.record(checkId, checkOverrides).optional(),
      custom: z.array(customCheck).optional(),
    })
    .strict()
    .optional(),
  roles: z
    .object({
      disabled: z.array(simpleId(58)).optional(),
      overrides: z.record(simpleId(58), roleOverrides).optional(),
      custom: z.array(customRole).optional(),
    })
    .strict()
    .optional(),
});

/** @public */
export type ReadinessModelConfig = z.infer<typeof readinessModelConfigSchema>;

/**
 * Thrown when the readiness configuration is invalid; every message names the
 * config path it is about.
 * @public
 */
export class ReadinessConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid readiness configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ReadinessConfigError';
    this.problems = problems;
  }
}

/** Formats a path of a config value the way app-config users write it. */
export function configPath(root: string, path: PropertyKey[]): string {
  return path.reduce<string>(
    (written, segment) =>
      typeof segment === 'number'
        ? `${written}[${segment}]`
        : `${written}.${String(segment)}`,
    root,
  );
}

/**
 * Validates the raw `readiness` config value (as read with
 * `config.getOptional('readiness')`).
 * @public
 */
export function parseReadinessModelConfig(raw: unknown): ReadinessModelConfig {
  const result = readinessModelConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ReadinessConfigError(
      result.error.issues.map(
        issue => `${configPath('readiness', issue.path)}: ${issue.message}`,
      ),
    );
  }
  return result.data;
}
