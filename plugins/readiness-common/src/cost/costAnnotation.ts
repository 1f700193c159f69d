import { Entity } from '@backstage/catalog-model';
import { COST_ANNOTATION_KEY } from '../annotationGrammar';
import { ValidationProblem } from '../types';
import { describeIssues } from '../validation';
import {
  COST_TABLE_LIMITS,
  CostTable,
  costTableSchema,
  ScorecardCostTable,
} from './costTable';

/*
 * `prodready.dev/cost`: a cost table written in one annotation, in the
 * grammar of the answer annotations (`;`-separated `name=value` fields):
 *
 *   currency=EUR; date=2026-11-01; 0=450; 1=455; 10=470; 100=620;
 *   500=1,300; 1000=2,100; 1000000=380,000; assumptions=managed PostgreSQL
 *
 * A field whose name is a number of users gives the monthly cost at that
 * many users. Digits may be grouped with `,`, `_` or a space.
 */

const NUMBER = /^\d{1,3}(?:[,_ ]?\d{3})*(?:\.\d+)?$/;
const WHOLE = /^\d{1,3}(?:[,_ ]?\d{3})*$/;

/**
 * A figure of a cost table as written in the annotation or typed in the
 * portal: digits grouped by threes with `,`, `_` or a space, and a decimal
 * point (`1,000,000`, `1_000.50`, `1 300`); `whole` refuses a decimal point
 * (numbers of users). A decimal comma (`0,45`) is refused, not read as 45.
 * @public
 */
export function parseCostNumber(
  text: string,
  options: { whole?: boolean } = {},
): number | undefined {
  const trimmed = text.trim();
  return (options.whole ? WHOLE : NUMBER).test(trimmed)
    ? Number(trimmed.replace(/[,_ ]/g, ''))
    : undefined;
}

/** A cost annotation read: the table, or the problem that keeps it out. @public */
export type ParsedCostAnnotation =
  | { table: CostTable; problem?: undefined }
  | { table?: undefined; problem: ValidationProblem };

/**
 * Reads a cost annotation's value. Never throws: a malformed value is a
 * problem naming the key and the field.
 * @public
 */
export function parseCostAnnotation(raw: string): ParsedCostAnnotation {
  const key = COST_ANNOTATION_KEY;
  const fail = (message: string): ParsedCostAnnotation => ({
    problem: { key, message },
  });
  const fields: Record<string, string> = {};
  const tiers: { users: number; monthlyCost: number }[] = [];
  for (const part of raw.split(';')) {
    const field = part.trim();
    if (!field) continue;
    const eq = field.indexOf('=');
    const name = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : field.slice(eq + 1).trim();
    if (!value) {
      return fail(
        `field '${name.slice(0, 40)}' needs a value written ${name.slice(
          0,
          40,
        )}=<value>`,
      );
    }
    const users = parseCostNumber(name);
    if (users !== undefined) {
      if (parseCostNumber(name, { whole: true }) === undefined) {
        return fail(
          `the number of users '${name.slice(
            0,
            40,
          )}' must be whole, written 1000, 1,000 or 1_000`,
        );
      }
      const monthlyCost = parseCostNumber(value);
      if (monthlyCost === undefined) {
        return fail(
          `the cost at ${name.slice(0, 40)} users, '${value.slice(
            0,
            40,
          )}', is not a number`,
        );
      }
      if (tiers.length >= COST_TABLE_LIMITS.tiers) {
        return fail(
          `lists more than ${COST_TABLE_LIMITS.tiers} numbers of users`,
        );
      }
      tiers.push({ users, monthlyCost });
    } else if (
      name === 'currency' ||
      name === 'date' ||
      name === 'assumptions'
    ) {
      if (fields[name] !== undefined) {
        return fail(`field '${name}' is given twice`);
      }
      fields[name] = name === 'currency' ? value.toUpperCase() : value;
    } else {
      return fail(
        `unknown field '${name.slice(
          0,
          40,
        )}'; use currency, date, assumptions or <users>=<monthly cost>`,
      );
    }
  }
  const parsed = costTableSchema.safeParse({ ...fields, tiers });
  if (!parsed.success) {
    return fail(describeIssues(parsed.error));
  }
  return { table: parsed.data };
}

/** The cost table an entity's annotation gives, if it has the annotation. @public */
export function costAnnotationOf(
  entity: Entity,
): ParsedCostAnnotation | undefined {
  const raw = entity.metadata.annotations?.[COST_ANNOTATION_KEY];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    return {
      problem: { key: COST_ANNOTATION_KEY, message: 'value must be a string' },
    };
  }
  return parseCostAnnotation(raw);
}

/** Writes a table in the annotation's grammar (for the portal's "copy as annotation"). @public */
export function formatCostAnnotation(table: CostTable): string {
  const parts = [`currency=${table.currency}`, `date=${table.date}`];
  for (const tier of table.tiers)
    parts.push(`${tier.users}=${tier.monthlyCost}`);
  if (table.assumptions) {
    parts.push(`assumptions=${table.assumptions.replace(/[;\n\r]+/g, ',')}`);
  }
  return parts.join('; ');
}

/**
 * The cost table an entity is scored from: the one stored in the portal,
 * else its annotation's. A malformed annotation adds its problem to
 * `problems` and gives none. Only the table's own fields are kept (a stored
 * table carries its version too).
 * @public
 */
export function effectiveCostTable(
  entity: Entity,
  stored: CostTable | undefined,
  problems: ValidationProblem[] = [],
): ScorecardCostTable | undefined {
  const annotated = costAnnotationOf(entity);
  if (annotated?.problem) problems.push(annotated.problem);
  const table = stored ?? annotated?.table;
  if (!table) return undefined;
  const cost: ScorecardCostTable = {
    source: stored ? 'portal' : 'annotation',
    currency: table.currency,
    date: table.date,
    tiers: table.tiers,
  };
  if (table.assumptions) cost.assumptions = table.assumptions;
  return cost;
}
