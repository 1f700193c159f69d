import {
  EntityScorecard,
  HierarchyProblem,
  Rollup,
  RollupAggregate,
  RollupKind,
  UpcomingOutcome,
} from '../types';
import { GroupHierarchy, GroupNode } from './groupHierarchy';
import {
  ownerOutsideReason,
  OwnersOutsideGroups,
  OwnersOutsideGroupsTally,
} from './ownersOutsideGroups';
import { RollupChanges } from './rollupChanges';
import { RoleGap, roleGapsOf } from './roleGaps';
import type { ExemptionCounts } from '../exemptions/types';
import { exemptionCountsOf } from './exemptionCounts';
import { emptyAggregate, summarizeAggregate } from './rollupAggregate';

export { RollupChanges } from './rollupChanges';

/**
 * The part of a scorecard a rollup needs; small enough to store per entity
 * and to apply as a delta when one entity changes.
 * @public
 */
export interface RollupMember {
  entityRef: string;
  kind: string;
  owner?: string;
  system?: string;
  domain?: string;
  lifecycle?: string;
  score: number | null;
  categories: Record<string, number | null>;
  level: string | null;
  /** Too few checks apply to the entity to assess it; counted as `not-assessed`, not `none`. */
  notAssessed?: true;
  gateFailures: number;
  productionBelowGate: boolean;
  roleProblems: number;
  /** Roles unassigned or with a holder gone, for the role heat map; absent when none. */
  roleGaps?: Record<string, RoleGap>;
  /** Exemptions in force and those ending within 30 days; absent when none. */
  exemptions?: ExemptionCounts;
  /** Its level on each date staged checks start to count; absent when none apply. */
  upcoming?: MemberUpcoming[];
}

/** A member's outcome on one staged date (see `UpcomingOutcome`). @public */
export type MemberUpcoming = Omit<UpcomingOutcome, 'checks' | 'score'>;

/** @public */
export function toRollupMember(scorecard: EntityScorecard): RollupMember {
  const categories: Record<string, number | null> = {};
  for (const c of scorecard.categories) {
    categories[c.categoryId] = c.score;
  }
  const member: RollupMember = {
    entityRef: scorecard.entityRef,
    kind: scorecard.kind,
    score: scorecard.score,
    categories,
    level: scorecard.level,
    gateFailures: scorecard.gateFailures,
    productionBelowGate: !scorecard.lifecycleGate.passed,
    roleProblems: scorecard.roleProblems,
  };
  if (scorecard.owner) member.owner = scorecard.owner;
  if (scorecard.system) member.system = scorecard.system;
  if (scorecard.domain) member.domain = scorecard.domain;
  if (scorecard.lifecycle) member.lifecycle = scorecard.lifecycle;
  const roleGaps = roleGapsOf(scorecard);
  if (roleGaps) member.roleGaps = roleGaps;
  if (scorecard.notAssessed) member.notAssessed = true;
  const exemptions = exemptionCountsOf(scorecard);
  if (exemptions) member.exemptions = exemptions;
  if (scorecard.upcoming) {
    member.upcoming = scorecard.upcoming.map(
      ({ checks, score, ...outcome }) => outcome,
    );
  }
  return member;
}

/** @public */
export interface OrgStructure {
  groups: GroupNode[];
  systems: { ref: string; title?: string; domain?: string }[];
  domains: { ref: string; title?: string }[];
}

/**
 * One member's change: added (`next` only), removed (`old` only), or moved
 * from `old` to `next` (any field, owner, System and Domain included).
 * @public
 */
export interface MemberChange {
  old?: RollupMember;
  next?: RollupMember;
}

/**
 * Applies member changes to rollup aggregates (by ref, updated in place):
 * what a write does to the stored rollups, and what a full run does from
 * empty aggregates.
 * @returns the refs of the aggregates moved.
 * @public
 */
export function applyMemberChanges(
  aggregates: Map<string, RollupAggregate>,
  changes: Iterable<MemberChange>,
  hierarchy: GroupHierarchy,
): Set<string> {
  const gathered = new RollupChanges(hierarchy);
  for (const change of changes) gathered.add(change);
  return gathered.applyTo(aggregates);
}

/**
 * Every rollup a member counts in: its owning group and all ancestors, its
 * System (or itself, for a System), and its Domain.
 * @public
 */
export function rollupRefsOf(
  member: RollupMember,
  hierarchy: GroupHierarchy,
): { ref: string; kind: RollupKind }[] {
  const affected = new RollupChanges(hierarchy)
    .add({ next: member })
    .affected();
  return [...affected].map(([ref, kind]) => ({ ref, kind }));
}

/**
 * Builds the rollup of every Group, System and Domain of a structure from
 * members added one page at a time, holding per-rollup sums only (never the
 * members).
 *
 * A group's members are the entities it owns directly and those owned by all
 * its descendant groups, each counted once; so a group that owns nothing but
 * has sub-teams scores the mean of its sub-teams' entities (weighted by
 * entity, not the mean of team means). A System's members are the System
 * itself and its components and resources; a Domain's are its Systems and
 * their parts. Groups, Systems and Domains without members get a rollup with
 * a null score.
 * @public
 */
export class RollupBuilder {
  private readonly hierarchy: GroupHierarchy;
  private readonly changes: RollupChanges;
  private readonly outside = new OwnersOutsideGroupsTally();

  constructor(private readonly structure: OrgStructure) {
    this.hierarchy = new GroupHierarchy(structure.groups);
    this.changes = new RollupChanges(this.hierarchy);
  }

  add(member: RollupMember): this {
    this.changes.add({ next: member });
    const reason = ownerOutsideReason(member.owner, this.hierarchy);
    if (reason) this.outside.add(member.owner, reason);
    return this;
  }

  build(): RollupsBuilt {
    const { structure, hierarchy } = this;
    const aggregates = new Map<string, RollupAggregate>();
    for (const { ref } of [
      ...structure.groups,
      ...structure.systems,
      ...structure.domains,
    ]) {
      aggregates.set(ref, emptyAggregate());
    }
    this.changes.applyTo(aggregates);

    const rollups: Rollup[] = [];
    const push = (
      ref: string,
      kind: RollupKind,
      title: string | undefined,
      parent: string | undefined,
      children: string[],
    ) => {
      const aggregate = aggregates.get(ref)!;
      const rollup: Rollup = {
        ref,
        kind,
        children,
        ...summarizeAggregate(aggregate),
        aggregate,
      };
      if (title) rollup.title = title;
      if (parent) rollup.parent = parent;
      rollups.push(rollup);
    };
    for (const g of structure.groups) {
      push(
        g.ref,
        'group',
        g.title,
        hierarchy.parent(g.ref),
        hierarchy.children(g.ref),
      );
    }
    const systemsByDomain = new Map<string, string[]>();
    for (const s of structure.systems) {
      push(s.ref, 'system', s.title, s.domain, []);
      if (s.domain) {
        const list = systemsByDomain.get(s.domain) ?? [];
        list.push(s.ref);
        systemsByDomain.set(s.domain, list);
      }
    }
    for (const d of structure.domains) {
      push(
        d.ref,
        'domain',
        d.title,
        undefined,
        systemsByDomain.get(d.ref) ?? [],
      );
    }
    return {
      rollups,
      problems: hierarchy.problems,
      ownersOutsideGroups: this.outside.build(),
    };
  }
}

/** What {@link RollupBuilder} builds. @public */
export interface RollupsBuilt {
  rollups: Rollup[];
  problems: HierarchyProblem[];
  /** The members counted in no group's rollup, by owner. */
  ownersOutsideGroups: OwnersOutsideGroups;
}

/** Computes every rollup of a structure from all its members; see {@link RollupBuilder}. @public */
export function computeRollups(
  members: Iterable<RollupMember>,
  structure: OrgStructure,
): RollupsBuilt {
  const builder = new RollupBuilder(structure);
  for (const member of members) builder.add(member);
  return builder.build();
}
