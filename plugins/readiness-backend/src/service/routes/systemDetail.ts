import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityScorecard,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import { CatalogReadScope } from './catalogReadScope';
import { RouteContext } from './RouteContext';
import { mayReadScorecards } from './scorecardReaders';

/*
 * A part inherits answers and role assignments from its System: the
 * System's evidence, notes, reviews and who answered or assigned. A caller
 * the catalog lets read the part but not its System sees what the part's
 * score is made of (statuses, points, the holders of its roles, the
 * System's ref, as the catalog shows a relation), but not the System's own
 * records, nor when its answers were given or expire.
 */

/**
 * Whether the caller may read the System `systemRef` in the catalog; the
 * catalog is asked only when its decision depends on the entity (`scope`
 * is that decision when the caller asked for it already). When it cannot
 * be asked, no: the part is still shown, without the System's records.
 */
export async function maySeeSystem(
  ctx: Pick<RouteContext, 'readableBy'>,
  credentials: BackstageCredentials,
  systemRef: string,
  scope?: CatalogReadScope,
): Promise<boolean> {
  try {
    const readable = await ctx.readableBy(
      credentials,
      [{ entityRef: systemRef }],
      scope,
    );
    return readable.length > 0;
  } catch {
    return false;
  }
}

/**
 * How a scorecard of `entity` is shown to the caller: a write asks while it
 * runs, and applies it to the scorecard it answers with. Only a caller who
 * may read scorecards sees it (a policy may let someone write who may not
 * read); undefined for the others. Never rejects (a check that fails hides
 * what it guards), so it may be left unawaited until then.
 */
export async function shownToCaller(
  ctx: Pick<RouteContext, 'readableBy' | 'permissions'>,
  credentials: BackstageCredentials,
  entity: Entity,
): Promise<(scorecard: EntityScorecard) => EntityScorecard | undefined> {
  const systemRef = systemRefOf(entity);
  const [readsScorecards, seesSystem] = await Promise.all([
    mayReadScorecards(ctx.permissions, credentials),
    !systemRef || maySeeSystem(ctx, credentials, systemRef),
  ]);
  if (!readsScorecards) return () => undefined;
  return seesSystem ? scorecard => scorecard : withoutSystemRecords;
}

/** The scorecard without the records it inherits from its System. */
export function withoutSystemRecords(
  scorecard: EntityScorecard,
): EntityScorecard {
  return {
    ...scorecard,
    checks: scorecard.checks.map(check => {
      if (check.source !== 'inherited') return check;
      // The expiry dates tell when the System answered.
      const {
        answer: _,
        conflict: __,
        expiresAt: ___,
        expiredSince: ____,
        ...shown
      } = check;
      return shown;
    }),
    roles: scorecard.roles.map(role => {
      if (role.source !== 'inherited') return role;
      const { assignment: _, conflict: __, ...shown } = role;
      return shown;
    }),
  };
}
