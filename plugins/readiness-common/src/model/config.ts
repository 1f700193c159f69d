import { z } from 'zod';
import { isoDaySchema } from '../validation';
import { NO_LEVEL, NOT_ASSESSED } from '../types';
import { notificationsConfigSchema } from './notificationsConfig';
import { campaignsConfigSchema } from '../campaigns/campaign';
import { exemptionsConfigSchema } from '../exemptions/requests';
import {
  DEFAULT_IMPORT_MEGABYTES,
  MAX_CONFIGURABLE_IMPORT_MEGABYTES,
  MAX_CONFIGURABLE_IMPORT_RECORDS,
  MAX_IMPORTED_RECORDS,
} from '../api/importSchema';
import { configBoolean, configNumber } from './configScalars';

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

/*
 * Numbers and booleans of app-config go through `configNumber` and
 * `configBoolean`, which read "15" and "false" (from `${VAR}` substitution)
 * as Backstage's `config.getNumber` and `getBoolean` do.
 */
const weight = z.number().positive().max(100);
const expiresAfterDays = z.number().int().positive().max(3650);

const checkOverrides = z
  .object({
    category: simpleId(40),
    title: text(120),
    question: text(500),
    guidance: text(4000),
    weight: configNumber(weight),
    gate: configBoolean(),
    level: simpleId(40),
    appliesTo: kinds,
    expiresAfterDays: configNumber(expiresAfterDays),
    roles: z.array(simpleId(58)),
    /** Staged check: counted from this date on, upcoming before it. */
    effectiveFrom: isoDaySchema,
  })
  .partial()
  .strict();

const customCheck = checkOverrides
  .required({ category: true, title: true, question: true })
  .extend({ id: checkId });

/**
 * A check contributed by a backend module (`ReadinessCheck`): the rules of a
 * custom check, with the fields the type requires present, an empty
 * `guidance` allowed (a custom check's default) and the fields only code sets.
 * Whether its category, level and roles exist is checked on the model.
 * Checks come from code here, not app-config, and are used as given: numbers
 * and booleans must be numbers and booleans, not strings read as such.
 */
export const contributedCheckSchema = customCheck
  .required({
    weight: true,
    gate: true,
    level: true,
    appliesTo: true,
    roles: true,
  })
  .extend({
    weight,
    gate: z.boolean(),
    expiresAfterDays: expiresAfterDays.optional(),
    guidance: z.union([z.literal(''), customCheck.shape.guidance.unwrap()]),
    scoredBy: z.enum(['answers', 'role-health']).optional(),
    detectors: z.array(z.string()).optional(),
    seedRefs: z.array(z.string()).optional(),
  });

const category = z
  .object({ id: simpleId(40), title: text(80), description: text(1000) })
  .strict();

/** The rules of a category contributed by a backend module: those of a configured one. */
export const contributedCategorySchema = category;
const level = z
  .object({
    // The level keys of entities without a level in rollups.
    id: simpleId(40).refine(
      id => id !== NO_LEVEL && id !== NOT_ASSESSED,
      `'${NO_LEVEL}' and '${NOT_ASSESSED}' are reserved`,
    ),
    title: text(80),
    description: text(1000).optional(),
  })
  .strict();
/** See `RoleRequirement`; `false` makes a required role needed by every entity. */
const roleRequirement = z.strictObject({
  annotations: z.array(z.string().min(1).max(253)).optional(),
  tags: z.array(z.string().min(1).max(63)).optional(),
  unlessNotApplicable: z.array(checkId).optional(),
});
const roleOverrides = z
  .object({
    title: text(80),
    responsibility: text(1000),
    required: configBoolean(),
    requiredWhen: z.union([roleRequirement, configBoolean(z.literal(false))]),
  })
  .partial()
  .strict();
const customRole = roleOverrides
  .required({ title: true, responsibility: true })
  .extend({ id: simpleId(58) });

const days = configNumber(z.number().int().positive().max(36600));

/** Snapshot retention defaults: every day for 90 days, weekly to a year, monthly to five years. */
const snapshotRetentionDefaults = {
  dailyDays: 90,
  weeklyDays: 365,
  monthlyDays: 1825,
};

/**
 * How long score snapshots are kept: every day up to `dailyDays` old, then
 * one per ISO week up to `weeklyDays`, then one per month up to `monthlyDays`.
 * @public
 */
export interface SnapshotRetention {
  dailyDays: number;
  weeklyDays: number;
  monthlyDays: number;
}

/** The tiers from shortest to longest, as set (the alias stands for monthly). */
function setTiers(
  config: Pick<ReadinessModelConfig, 'retention' | 'snapshotRetentionDays'>,
) {
  const set = config.retention?.snapshots ?? {};
  return {
    dailyDays: set.dailyDays,
    weeklyDays: set.weeklyDays,
    monthlyDays: set.monthlyDays ?? config.snapshotRetentionDays,
  };
}

/**
 * The snapshot retention a parsed config asks for. The deprecated
 * `snapshotRetentionDays` stands for `retention.snapshots.monthlyDays`. A
 * tier left out takes its default, moved into the range the tiers set
 * around it leave: at least a shorter tier that is set, at most a longer one.
 * @public
 */
export function resolveSnapshotRetention(
  config: Pick<ReadinessModelConfig, 'retention' | 'snapshotRetentionDays'>,
): SnapshotRetention {
  const set = setTiers(config);
  const longestShorter = Math.max(set.dailyDays ?? 0, set.weeklyDays ?? 0);
  const monthlyDays =
    set.monthlyDays ??
    Math.max(snapshotRetentionDefaults.monthlyDays, longestShorter);
  const weeklyDays =
    set.weeklyDays ??
    Math.min(
      Math.max(snapshotRetentionDefaults.weeklyDays, set.dailyDays ?? 0),
      monthlyDays,
    );
  const dailyDays =
    set.dailyDays ?? Math.min(snapshotRetentionDefaults.dailyDays, weeklyDays);
  return { dailyDays, weeklyDays, monthlyDays };
}

/**
 * The `readiness` section of app-config. Unknown keys are errors, so a typo
 * does not silently leave the default checklist in place.
 * @public
 */
export const readinessModelConfigSchema = z.strictObject({
  // Read by the backend itself; listed so that typos elsewhere are caught.
  schedule: z.unknown().optional(),
  /** Deprecated alias of `retention.snapshots.monthlyDays`. */
  snapshotRetentionDays: days.optional(),
  retention: z
    .strictObject({
      snapshots: z
        .strictObject({
          dailyDays: days,
          weeklyDays: days,
          monthlyDays: days,
        })
        .partial()
        .optional(),
      historyDays: days.optional(),
      departedDays: days.optional(),
      exemptionDays: days.optional(),
      campaignDays: days.optional(),
    })
    .optional(),
  /**
   * The frequent pass that brings catalog edits to scorecards and rollups
   * between full runs; the defaults keep an edit within two minutes.
   */
  freshness: z
    .strictObject({
      enabled: configBoolean().default(true),
      intervalSeconds: configNumber(z.number().int().min(10).max(3600)).default(
        60,
      ),
    })
    .prefault({}),
  /** Notices sent through Backstage's notifications plugin. */
  notifications: notificationsConfigSchema,
  /** Campaigns defined as code; read-only in the portal. */
  campaigns: campaignsConfigSchema.optional(),
  /** Exemptions (waivers) of failing checks. */
  exemptions: exemptionsConfigSchema,
  /**
   * What `POST /import` takes at most: a backup of an organisation with
   * more answers or roles than the defaults needs more, and the backend
   * holds a body of this size while it imports it.
   */
  backup: z
    .strictObject({
      maxImportRecords: configNumber(
        z.number().int().min(1).max(MAX_CONFIGURABLE_IMPORT_RECORDS),
      ).default(MAX_IMPORTED_RECORDS),
      maxImportMegabytes: configNumber(
        z.number().int().min(1).max(MAX_CONFIGURABLE_IMPORT_MEGABYTES),
      ).default(DEFAULT_IMPORT_MEGABYTES),
    })
    .prefault({}),
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
  /** Checks that must apply (not N/A) for an entity to get a level; default 1. */
  minimumApplicableChecks: configNumber(
    z.number().int().min(0).max(10_000),
  ).optional(),
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

/** Retention tiers must nest: daily ≤ weekly ≤ monthly; the alias is not set twice. */
function retentionProblems(config: ReadinessModelConfig): z.ZodIssue[] {
  const problems: z.ZodIssue[] = [];
  const snapshots = config.retention?.snapshots;
  if (
    config.snapshotRetentionDays !== undefined &&
    snapshots?.monthlyDays !== undefined
  ) {
    problems.push({
      code: z.ZodIssueCode.custom,
      path: ['snapshotRetentionDays'],
      message:
        'is a deprecated alias of readiness.retention.snapshots.monthlyDays; set only one',
    });
  }
  // Only tiers that are set can disagree: one left out falls between them.
  const set = setTiers(config);
  const monthlyPath =
    snapshots?.monthlyDays === undefined
      ? ['snapshotRetentionDays']
      : ['retention', 'snapshots', 'monthlyDays'];
  const tiers = [
    {
      name: 'dailyDays',
      days: set.dailyDays,
      path: ['retention', 'snapshots', 'dailyDays'],
    },
    {
      name: 'weeklyDays',
      days: set.weeklyDays,
      path: ['retention', 'snapshots', 'weeklyDays'],
    },
    { name: 'monthlyDays', days: set.monthlyDays, path: monthlyPath },
  ].filter(
    (tier): tier is typeof tier & { days: number } => tier.days !== undefined,
  );
  for (let i = 1; i < tiers.length; i++) {
    const [shorter, longer] = [tiers[i - 1], tiers[i]];
    if (shorter.days > longer.days) {
      problems.push({
        code: z.ZodIssueCode.custom,
        path: longer.path,
        message: `must be at least ${shorter.name} (${longer.days} < ${shorter.days})`,
      });
    }
  }
  return problems;
}

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
  const issues = result.success
    ? retentionProblems(result.data)
    : result.error.issues;
  if (!result.success || issues.length > 0) {
    throw new ReadinessConfigError(
      issues.map(
        issue => `${configPath('readiness', issue.path)}: ${issue.message}`,
      ),
    );
  }
  return result.data;
}
