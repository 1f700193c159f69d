import { z } from 'zod';
import { isIsoDate } from '../annotationGrammar';
import { plainTextSchema } from '../validation';

/*
 * The structured answer to the seed's Cost section: what the service costs
 * per month at a number of users, in one currency, under stated
 * assumptions, as of a date. Shared by the annotation parser, the backend's
 * request validation and the portal's edit dialog.
 */

/** Bounds of a cost table, so one cannot grow without limit. @public */
export const COST_TABLE_LIMITS = {
  tiers: 20,
  /** More users than people on Earth is a typo. */
  maxUsers: 10_000_000_000,
  /** A monthly cost (in the table's currency) beyond any real service. */
  maxMonthlyCost: 1_000_000_000_000,
  assumptionsLength: 2000,
} as const;

/**
 * The user counts the seed asks about (Cost section: no users, one user,
 * then 10, 100, 500, 1,000 and 1,000,000). A table covering all of them
 * answers the cost questions; `seedCostTiers.test.ts` reads them from the
 * seed itself.
 * @public
 */
export const SEED_COST_TIERS: readonly number[] = [
  0, 1, 10, 100, 500, 1_000, 1_000_000,
];

/**
 * The checks a cost table answers, and the tiers each needs: the idle and
 * single-user cost, and the whole curve the seed lists.
 * @public
 */
export const COST_TABLE_CHECKS: ReadonlyArray<{
  checkId: string;
  tiers: readonly number[];
}> = [
  { checkId: 'cost.baseline-cost', tiers: [0, 1] },
  { checkId: 'cost.growth-curve', tiers: SEED_COST_TIERS },
];

/** One point of the curve. @public */
export interface CostTier {
  users: number;
  /** Cost per month in the table's currency. */
  monthlyCost: number;
}

/** @public */
export interface CostTable {
  /** ISO 4217 code, e.g. `EUR`. */
  currency: string;
  /** The day the figures were estimated, `YYYY-MM-DD`. */
  date: string;
  assumptions?: string;
  /** Sorted by users, one per number of users. */
  tiers: CostTier[];
}

/** Where the table an entity is scored from comes from. @public */
export type CostTableSource = 'portal' | 'annotation';

/** A cost table as a scorecard carries it. @public */
export interface ScorecardCostTable extends CostTable {
  source: CostTableSource;
}

/** A cost table stored by the backend. @public */
export interface StoredCostTable extends CostTable {
  entityRef: string;
  updatedBy: string;
  updatedAt: string;
  version: number;
}

const knownCurrencies: ReadonlySet<string> | undefined = (() => {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf
      ? new Set(intl.supportedValuesOf('currency'))
      : undefined;
  } catch {
    return undefined;
  }
})();

/** True for an ISO 4217 currency code (checked against the runtime's list when it has one). @public */
export function isCurrencyCode(value: string): boolean {
  return (
    /^[A-Z]{3}$/.test(value) && (!knownCurrencies || knownCurrencies.has(value))
  );
}

const costTierSchema = z
  .object({
    users: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must not be negative' })
      .max(COST_TABLE_LIMITS.maxUsers, {
        error: `must be at most ${COST_TABLE_LIMITS.maxUsers}`,
      }),
    monthlyCost: z
      .number({ error: 'must be a number' })
      .min(0, { error: 'must not be negative' })
      .max(COST_TABLE_LIMITS.maxMonthlyCost, {
        error: `must be at most ${COST_TABLE_LIMITS.maxMonthlyCost}`,
      }),
  })
  .strict();

const CURRENCY_MESSAGE = 'must be an ISO 4217 currency code such as EUR or USD';
const DATE_MESSAGE = 'must be a date written YYYY-MM-DD';

/**
 * A cost table: bounded, non-negative, one row per number of users (sorted
 * on the way in), an ISO currency code and a real date.
 * @public
 */
export const costTableSchema = z
  .object({
    currency: z
      .string({ error: CURRENCY_MESSAGE })
      .regex(/^[A-Z]{3}$/, { error: CURRENCY_MESSAGE, abort: true })
      .refine(isCurrencyCode, { error: CURRENCY_MESSAGE }),
    date: z
      .string({ error: DATE_MESSAGE })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DATE_MESSAGE, abort: true })
      .refine(isIsoDate, { error: 'must be a real date' }),
    assumptions: plainTextSchema(COST_TABLE_LIMITS.assumptionsLength)
      .optional()
      .transform(v => (v ? v : undefined)),
    tiers: z
      .array(costTierSchema)
      .min(1, { error: 'must list at least one number of users' })
      .max(COST_TABLE_LIMITS.tiers, {
        error: `must list at most ${COST_TABLE_LIMITS.tiers} numbers of users`,
      })
      .superRefine((tiers, ctx) => {
        const seen = new Set<number>();
        tiers.forEach((tier, i) => {
          if (seen.has(tier.users)) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'users'],
              message: `${tier.users} users is listed twice`,
            });
          }
          seen.add(tier.users);
        });
      })
      .transform(tiers => [...tiers].sort((a, b) => a.users - b.users)),
  })
  .strict();

/** The body of `PUT .../cost`: a table and the version the client saw. @public */
export const costTableInputSchema = costTableSchema.safeExtend({
  version: z.number().int().min(0).optional(),
});

/** @public */
export type CostTableInput = z.input<typeof costTableInputSchema>;

/** `1,000,000` rather than `1000000`, in every locale. */
export function formatUsers(users: number): string {
  return String(users).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What a table says about the tiers one check needs. */
export interface TierCoverage {
  present: number[];
  missing: number[];
}

/** Which of `tiers` the table lists. @public */
export function tierCoverage(
  table: Pick<CostTable, 'tiers'>,
  tiers: readonly number[],
): TierCoverage {
  const listed = new Set(table.tiers.map(t => t.users));
  return {
    present: tiers.filter(t => listed.has(t)),
    missing: tiers.filter(t => !listed.has(t)),
  };
}

/** What a cost table answers for a check it covers. @public */
export interface CostFinding {
  checkId: string;
  status: 'met' | 'partially-met' | 'not-met';
  note: string;
}

/**
 * The answers a cost table gives: met when it lists every tier the check
 * needs, partially met when it lists some, not met when none; the note
 * names the tiers that are missing.
 * @public
 */
export function costFindings(table: Pick<CostTable, 'tiers'>): CostFinding[] {
  return COST_TABLE_CHECKS.map(({ checkId, tiers }) => {
    const { present, missing } = tierCoverage(table, tiers);
    const list = (users: number[]) => users.map(formatUsers).join(', ');
    if (!missing.length) {
      return {
        checkId,
        status: 'met',
        note: `the cost table covers ${list(present)} users`,
      };
    }
    return {
      checkId,
      status: present.length ? 'partially-met' : 'not-met',
      note: `the cost table has no figure for ${list(missing)} users`,
    };
  });
}

/** The monthly cost per user at a tier, or undefined when the table does not list it (or it has no users). @public */
export function costPerUser(
  table: Pick<CostTable, 'tiers'>,
  users: number,
): number | undefined {
  if (users <= 0) return undefined;
  const tier = table.tiers.find(t => t.users === users);
  return tier ? tier.monthlyCost / users : undefined;
}
