import { z } from 'zod';
import type { EntityScorecard } from '../types';
import {
  COST_TABLE_LIMITS,
  formatUsers,
  ScorecardCostTable,
  StoredCostTable,
} from './costTable';

/*
 * The cost API's wire contract, and the one rule for what a System costs at
 * a number of users: its own table's figure, else the sum of its parts'.
 */

/** `GET /entities/:kind/:namespace/:name/cost`: the table stored in the portal, if any. @public */
export interface CostTableResponse {
  costTable: StoredCostTable | null;
}

/** `PUT .../cost`: the stored table and the scorecard scored from it. @public */
export interface CostTableWriteResponse {
  costTable: StoredCostTable;
  /** The rescored scorecard; absent when the caller may not read scorecards (`readiness.scorecard.read`). */
  scorecard?: EntityScorecard;
}

/** `GET /cost/systems`. @public */
export const systemCostQuerySchema = z
  .object({
    users: z.coerce
      .number()
      .int()
      .min(1)
      .max(COST_TABLE_LIMITS.maxUsers)
      .default(1000),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

/** @public */
export type SystemCostQuery = z.input<typeof systemCostQuerySchema>;

/** What a System costs at one number of users. @public */
export interface SystemCost {
  entityRef: string;
  title?: string;
  /** Where the figure comes from: the System's own table, or its parts' tables summed. */
  source: 'system' | 'parts' | 'none';
  currency?: string;
  monthlyCost?: number;
  costPerUser?: number;
  /** Number of parts (components, resources) with a cost table. */
  parts: number;
  /**
   * With `source: 'parts'`, the parts the caller may read that have no cost
   * table: the figure leaves them out. Absent when there are none.
   */
  uncostedParts?: number;
  /** Why there is no figure. */
  problem?: string;
}

/** `GET /cost/systems`. @public */
export interface SystemCostListResponse {
  users: number;
  items: SystemCost[];
  totalCount: number;
}

/**
 * What a System costs per month at `users`: the figure of its own table at
 * exactly that tier; without a table of its own, the sum of its parts'
 * figures, when every part with a table lists the tier in one currency,
 * saying how many parts have none (`uncostedParts`).
 * @public
 */
export function systemCostAt(
  system: {
    entityRef: string;
    title?: string;
    table?: ScorecardCostTable;
    parts: ScorecardCostTable[];
    /** Its parts without a cost table. */
    uncostedParts?: number;
  },
  users: number,
): SystemCost {
  const result: SystemCost = {
    entityRef: system.entityRef,
    source: 'none',
    parts: system.parts.length,
  };
  if (system.title) result.title = system.title;
  const at = `${formatUsers(users)} users`;
  const tables = system.table ? [system.table] : system.parts;
  if (!tables.length) {
    result.problem = 'no cost table';
    return result;
  }
  const currencies = new Set(tables.map(t => t.currency));
  if (currencies.size > 1) {
    result.problem = `its parts' tables use different currencies (${[
      ...currencies,
    ].join(', ')})`;
    return result;
  }
  let monthlyCost = 0;
  let missing = 0;
  for (const table of tables) {
    const tier = table.tiers.find(t => t.users === users);
    if (tier) monthlyCost += tier.monthlyCost;
    else missing++;
  }
  if (missing) {
    result.problem = system.table
      ? `its cost table has no figure for ${at}`
      : `${missing} of ${tables.length} parts' cost tables have no figure for ${at}`;
    return result;
  }
  result.source = system.table ? 'system' : 'parts';
  if (!system.table && system.uncostedParts) {
    result.uncostedParts = system.uncostedParts;
  }
  result.currency = tables[0].currency;
  result.monthlyCost = monthlyCost;
  result.costPerUser = monthlyCost / users;
  return result;
}
