import type { GroupHierarchy } from './groupHierarchy';

/**
 * Why an entity counts in no group's rollup: it names no owner, its owner
 * is not a Group (a User, say), or its owner Group is not in the catalog.
 * @public
 */
export type OwnerOutsideReason = 'no-owner' | 'not-a-group' | 'not-in-catalog';

/** How the backend's log and the organisation page word each reason. @public */
export const OWNER_OUTSIDE_REASON_TEXT: Record<OwnerOutsideReason, string> = {
  'no-owner': 'no owner named',
  'not-a-group': 'not a group',
  'not-in-catalog': 'group not in the catalog',
};

/** One owner whose entities count in no group's rollup. @public */
export interface OwnerOutsideGroups {
  /** The owner's ref; absent for entities that name none. */
  owner?: string;
  reason: OwnerOutsideReason;
  entities: number;
}

/**
 * The entities a full run counted in no group's rollup, by owner: the
 * organisation page's totals leave them out, so admins are told who they are.
 * @public
 */
export interface OwnersOutsideGroups {
  /** Entities counted in no group's rollup. */
  entities: number;
  /** Distinct owners of those entities ("no owner" is one). */
  ownersTotal: number;
  /** The owners with the most such entities, most first, at most {@link OWNERS_OUTSIDE_LISTED}. */
  owners: OwnerOutsideGroups[];
}

/** How many owners {@link OwnersOutsideGroups} lists; the rest are counted only. @public */
export const OWNERS_OUTSIDE_LISTED = 50;

/**
 * Why an entity with this owner counts in no group's rollup, or undefined
 * when it counts in its owner's rollup (the one rule both the rollups and
 * this report apply).
 * @public
 */
export function ownerOutsideReason(
  owner: string | undefined,
  hierarchy: Pick<GroupHierarchy, 'has'>,
): OwnerOutsideReason | undefined {
  if (!owner) return 'no-owner';
  if (hierarchy.has(owner)) return undefined;
  return owner.startsWith('group:') ? 'not-in-catalog' : 'not-a-group';
}

/**
 * Counts the entities outside every group's rollup, per owner. It holds one
 * number per distinct owner outside the tree, never the entities.
 */
export class OwnersOutsideGroupsTally {
  private readonly counts = new Map<string, OwnerOutsideGroups>();

  add(owner: string | undefined, reason: OwnerOutsideReason, entities = 1) {
    const key = owner ?? '';
    const entry = this.counts.get(key);
    if (entry) entry.entities += entities;
    else {
      this.counts.set(key, { ...(owner ? { owner } : {}), reason, entities });
    }
  }

  build(): OwnersOutsideGroups {
    const all = [...this.counts.values()];
    all.sort(
      (a, b) =>
        b.entities - a.entities || (a.owner ?? '').localeCompare(b.owner ?? ''),
    );
    return {
      entities: all.reduce((sum, o) => sum + o.entities, 0),
      ownersTotal: all.length,
      owners: all.slice(0, OWNERS_OUTSIDE_LISTED),
    };
  }
}

/**
 * The report from the number of entities per owner (as the stored
 * scorecards count them), by the same rule as the rollups.
 * @public
 */
export function ownersOutsideOf(
  entitiesByOwner: Iterable<[string | undefined, number]>,
  hierarchy: Pick<GroupHierarchy, 'has'>,
): OwnersOutsideGroups {
  const tally = new OwnersOutsideGroupsTally();
  for (const [owner, entities] of entitiesByOwner) {
    const reason = ownerOutsideReason(owner, hierarchy);
    if (reason) tally.add(owner, reason, entities);
  }
  return tally.build();
}
