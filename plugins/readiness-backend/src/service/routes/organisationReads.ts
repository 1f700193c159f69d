import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, isError, NotFoundError } from '@backstage/errors';
import {
  kindOfRef,
  RollupDetailResponse,
  RollupKind,
  ScorecardListResponse,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import { ScorecardQuery } from '../../database/ReadinessStore';
import { CHILD_KIND } from '../../database/rollupTable';
import { LAST_RUN_STATE, LastRunState } from '../lastRunState';
import { lastRunOf, RouteContext } from './RouteContext';
import { daysAgo } from './days';

type RollupBody = Omit<RollupDetailResponse, 'trend'>;
type Page = { limit: number; offset: number };

/**
 * Matches whose readability a list checks at once, to count only those a
 * caller whom the catalog answers entity by entity may read: one catalog
 * request.
 */
const COUNTED_READABLE = 1000;

/**
 * A page of stored scorecard summaries, for a caller allowed to read
 * scorecards: only the entities the caller may read in the catalog are
 * listed. `totalCount` counts the matches the caller may read, so that a
 * narrow search does not tell whether a hidden entity matches, and the
 * pages are cut from those, so each is full and every readable match is on
 * one. Past {@link COUNTED_READABLE} matches, for a caller the catalog
 * answers entity by entity, a page is cut from every match, those hidden
 * left out, and `totalCount` counts every match.
 */
export async function listScorecards(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  query: ScorecardQuery,
): Promise<ScorecardListResponse> {
  const scope = await ctx.readScope(credentials);
  if (scope === 'none') return { items: [], totalCount: 0 };
  if (scope === 'all') return ctx.store.listScorecards(query);
  // Every match in the page's order, if there are few: one catalog request.
  const matches = await ctx.store.listScorecards({
    ...query,
    limit: COUNTED_READABLE + 1,
    offset: 0,
  });
  if (matches.items.length > COUNTED_READABLE) {
    const page = await ctx.store.listScorecards(query);
    return {
      items: await ctx.readableBy(credentials, page.items, scope),
      totalCount: page.totalCount,
    };
  }
  const readable = await ctx.readableBy(credentials, matches.items, scope);
  return {
    items: readable.slice(query.offset, query.offset + query.limit),
    totalCount: readable.length,
  };
}

/**
 * A group's, system's or domain's rollup, now or as of a snapshot day, for a
 * caller allowed to read scorecards. The aggregates are served to every
 * reader; the entities listed are only those the caller may read in the
 * catalog.
 */
export async function readRollup(
  ctx: RouteContext,
  rollupRef: string,
  credentials: BackstageCredentials,
  query: Page & { asOf?: string; days: number; childLimit: number },
): Promise<RollupDetailResponse> {
  const kind = kindOfRef(rollupRef);
  if (kind !== 'group' && kind !== 'system' && kind !== 'domain') {
    throw new InputError(
      `Invalid entity reference: rollups exist for groups, systems and domains, not ${kind}`,
    );
  }
  const since = daysAgo(query.days);
  // Now, the trend comes in the rollup's query; as of a day, beside it.
  const body: RollupDetailResponse = query.asOf
    ? await Promise.all([
        ctx.store.getSnapshots(rollupRef, kind, since),
        rollupAsOf(ctx, rollupRef, kind, query.asOf, query),
      ]).then(([trend, rest]) => ({ ...rest, trend }))
    : await rollupNow(ctx, rollupRef, kind, query, since);
  try {
    body.entities = await ctx.readableBy(credentials, body.entities);
  } catch (error) {
    // The aggregates stay useful while the catalog is away; the entities,
    // whose visibility it decides, are withheld until it is back.
    if (!isError(error) || error.name !== 'ServiceUnavailableError') {
      throw error;
    }
    body.entities = [];
    body.stale = true;
  }
  return body;
}

async function rollupNow(
  ctx: RouteContext,
  rollupRef: string,
  kind: RollupKind,
  page: Page & { childLimit: number },
  trendSince: string,
): Promise<RollupDetailResponse> {
  const { store } = ctx;
  const filter = {
    group: { owners: [rollupRef] },
    system: { system: rollupRef },
    domain: { domain: rollupRef },
  }[kind];
  // Both at once: neither needs the other's answer.
  const [family, entities] = await Promise.all([
    store.getRollupWithChildren<LastRunState>(rollupRef, kind, LAST_RUN_STATE, {
      trendSince,
      childLimit: page.childLimit,
    }),
    store.listScorecards({
      ...filter,
      limit: page.limit,
      offset: page.offset,
      sort: 'score',
    }),
  ]);
  if (!family) {
    throw new NotFoundError(`No rollup of ${rollupRef} has been computed`);
  }
  return {
    rollup: family.rollup,
    children: family.children,
    childrenTotal: family.childrenTotal,
    entities: entities.items,
    entitiesTotal: entities.totalCount,
    ...lastRunOf(family.state),
    trend: family.trend ?? [],
  };
}

async function rollupAsOf(
  ctx: RouteContext,
  rollupRef: string,
  kind: RollupKind,
  asOf: string,
  page: Page & { childLimit: number },
): Promise<RollupBody> {
  const { store } = ctx;
  const day = await store.snapshotDayOnOrBefore(asOf);
  const rollup = day ? await store.getRollupAsOf(day, rollupRef) : undefined;
  if (!day || !rollup) {
    throw new NotFoundError(`No snapshot of ${rollupRef} on or before ${asOf}`);
  }
  const childKind = CHILD_KIND[kind];
  const children =
    childKind && rollup.children.length
      ? await store.listRollupsAsOf(day, {
          kind: childKind,
          parent: rollupRef,
          limit: page.childLimit,
          offset: 0,
        })
      : { items: [], totalCount: 0 };
  const entities =
    kind === 'group'
      ? await store.listEntitiesAsOf(day, rollupRef, page.limit, page.offset)
      : { items: [], totalCount: 0 };
  return {
    rollup,
    children: children.items,
    childrenTotal: children.totalCount,
    // A snapshot keeps the score and level only.
    entities: entities.items.map(
      (e): ScorecardSummary => ({
        entityRef: e.ref,
        kind: kindOfRef(e.ref),
        owner: e.owner,
        title: e.title,
        score: e.score,
        level: e.level,
        categories: {},
        gateFailures: 0,
        productionBelowGate: false,
        roleProblems: 0,
        computedAt: day,
      }),
    ),
    entitiesTotal: entities.totalCount,
    asOf: day,
    stale: false,
  };
}
