import { Entity } from '@backstage/catalog-model';
import {
  CheckStatus,
  ReadinessRole,
  ReadinessRoleAssignment,
  RoleProblem,
  RoleRequirement,
  RoleResult,
} from '../types';
import { CatalogLookup } from '../detectors';
import { kindOfRef } from '../refs';

/** The role assignments an entity has, by source. */
export interface RoleSources {
  portal: ReadonlyMap<string, ReadinessRoleAssignment>;
  annotation: ReadonlyMap<string, ReadinessRoleAssignment>;
  /** Roles whose annotation is present but malformed. */
  invalidAnnotation: ReadonlySet<string>;
  inherited?: {
    entityRef: string;
    roles: ReadonlyMap<string, ReadinessRoleAssignment>;
  };
  /** Required roles this entity does not need (see `ReadinessRole.requiredWhen`). */
  notRequired?: ReadonlySet<string>;
}

/** What {@link RoleEvaluator.evaluate} finds. */
export interface RoleEvaluation {
  roles: RoleResult[];
  /** Problems of the assignment as a whole (one person holding every required role). */
  entityProblems: RoleProblem[];
  /** Number of problems, per role and as a whole. */
  problemCount: number;
}

const NO_PROBLEMS: RoleProblem[] = Object.freeze([]) as never;
const NO_HOLDERS: string[] = Object.freeze([]) as never;

/** Whether two holder lists name the same set of holders (order and repeats do not matter). */
function sameHolders(a: string[], b: string[]): boolean {
  const setA = new Set(a);
  const setB = new Set(b);
  return setA.size === setB.size && [...setA].every(h => setB.has(h));
}

interface CompiledRole {
  role: ReadinessRole;
  /** The result of a role nobody holds, shared (frozen) by every entity. */
  unassigned: RoleResult;
  /** The same for an entity that does not need the role. */
  unassignedNotRequired: RoleResult;
  /** The problem of a required role without holders, shared (frozen). */
  unassignedProblem: RoleProblem;
}

/**
 * Whether an entity needs a role with this requirement: marked by one of its
 * annotations or tags (every entity when neither is listed), and not
 * answering one of its checks as not applicable.
 */
export function requirementHolds(
  requirement: RoleRequirement,
  entity: Entity,
  isNotApplicable: (checkId: string) => boolean,
): boolean {
  const { annotations, tags, unlessNotApplicable } = requirement;
  if (annotations?.length || tags?.length) {
    const own = entity.metadata.annotations;
    const entityTags = entity.metadata.tags;
    const marked =
      annotations?.some(a => own?.[a]?.trim().toLowerCase() === 'true') ||
      tags?.some(t => entityTags?.includes(t));
    if (!marked) return false;
  }
  return !unlessNotApplicable?.some(isNotApplicable);
}

/**
 * Resolves every role of the model to its holders (portal before annotation
 * before the System's assignment) and finds what is wrong with them. Build it
 * once per model. Results of unassigned roles, and of roles inherited from a
 * System (per System object and catalog lookup), are shared frozen objects.
 */
export class RoleEvaluator {
  private readonly compiled: CompiledRole[];
  private readonly inherited = new WeakMap<
    object,
    { catalog: CatalogLookup; results: (RoleResult | undefined)[] }
  >();

  constructor(roles: ReadinessRole[]) {
    this.compiled = roles.map(role => {
      const unassignedProblem: RoleProblem = Object.freeze({
        type: 'unassigned',
        message: `${role.title} is required and has no holder`,
      });
      const unassigned: RoleResult = Object.freeze({
        roleId: role.id,
        required: role.required,
        holders: NO_HOLDERS,
        source: 'none',
        problems: role.required
          ? (Object.freeze([unassignedProblem]) as RoleProblem[])
          : NO_PROBLEMS,
      });
      const unassignedNotRequired: RoleResult = Object.freeze({
        ...unassigned,
        required: false,
        problems: NO_PROBLEMS,
      });
      return { role, unassigned, unassignedNotRequired, unassignedProblem };
    });
  }

  /**
   * What is wrong with the holders of a role: nothing for a required role
   * the entity does not need (`requiredWhen`), whoever holds it.
   */
  private problemsOf(
    required: boolean,
    unneeded: boolean,
    unassignedProblem: RoleProblem,
    holders: string[],
    catalog: CatalogLookup,
  ): RoleProblem[] {
    if (unneeded) return NO_PROBLEMS;
    let problems = NO_PROBLEMS;
    if (required && holders.length === 0) {
      problems = [unassignedProblem];
    }
    for (const holder of holders) {
      let problem: RoleProblem | undefined;
      if (!catalog.exists(holder)) {
        problem = {
          type: 'holder-not-in-catalog',
          holder,
          message: `${holder} is no longer in the catalog`,
        };
      } else if (
        kindOfRef(holder) === 'group' &&
        catalog.groupMembers(holder)?.length === 0
      ) {
        problem = {
          type: 'empty-group',
          holder,
          message: `${holder} has no members`,
        };
      }
      if (problem) {
        if (problems === NO_PROBLEMS) problems = [];
        problems.push(problem);
      }
    }
    return problems;
  }

  /**
   * Results of roles inherited from a System, per role index: the same for
   * every part of the System, so computed once per System and catalog lookup.
   */
  private inheritedResults(
    inherited: object,
    catalog: CatalogLookup,
  ): (RoleResult | undefined)[] {
    let memo = this.inherited.get(inherited);
    if (!memo || memo.catalog !== catalog) {
      // Two slots per role: needed by the entity or not.
      memo = { catalog, results: new Array(2 * this.compiled.length) };
      this.inherited.set(inherited, memo);
    }
    return memo.results;
  }

  evaluate(sources: RoleSources, catalog: CatalogLookup): RoleEvaluation {
    const results: RoleResult[] = [];
    let problemCount = 0;
    const hasPortal = sources.portal.size > 0;
    const hasAnnotation = sources.annotation.size > 0;
    const inheritedRoles = sources.inherited?.roles.size
      ? sources.inherited.roles
      : undefined;
    let inheritedResults: (RoleResult | undefined)[] | undefined;
    for (let i = 0; i < this.compiled.length; i++) {
      const { role, unassigned, unassignedNotRequired, unassignedProblem } =
        this.compiled[i];
      const unneeded = role.required && !!sources.notRequired?.has(role.id);
      const required = role.required && !unneeded;
      const portal = hasPortal ? sources.portal.get(role.id) : undefined;
      const annotation = hasAnnotation
        ? sources.annotation.get(role.id)
        : undefined;
      let result: RoleResult;
      if (portal || annotation) {
        const assignment = (portal ?? annotation)!;
        result = {
          roleId: role.id,
          required,
          holders: assignment.holders,
          source: portal ? 'portal' : 'annotation',
          problems: this.problemsOf(
            required,
            unneeded,
            unassignedProblem,
            assignment.holders,
            catalog,
          ),
          assignment,
        };
        if (
          portal &&
          annotation &&
          !sameHolders(portal.holders, annotation.holders)
        ) {
          result.conflict = {
            portal: portal.holders,
            annotation: annotation.holders,
          };
        }
      } else {
        // A malformed annotation (listed with the scorecard's problems) leaves
        // the role unassigned rather than falling back to the System's
        // holders, as a malformed check annotation counts as unknown.
        const inherited = sources.invalidAnnotation.has(role.id)
          ? undefined
          : inheritedRoles?.get(role.id);
        if (!inherited) {
          result = required ? unassigned : unassignedNotRequired;
        } else {
          inheritedResults ??= this.inheritedResults(
            sources.inherited!,
            catalog,
          );
          const slot = 2 * i + (required ? 0 : 1);
          let shared = inheritedResults[slot];
          if (!shared) {
            const problems = this.problemsOf(
              required,
              unneeded,
              unassignedProblem,
              inherited.holders,
              catalog,
            );
            shared = Object.freeze({
              roleId: role.id,
              required,
              holders: inherited.holders,
              source: 'inherited',
              problems: Object.isFrozen(problems)
                ? problems
                : (Object.freeze(problems) as RoleProblem[]),
              assignment: inherited,
              inheritedFrom: sources.inherited!.entityRef,
            });
            inheritedResults[slot] = shared;
          }
          result = shared;
        }
      }
      problemCount += result.problems.length;
      results.push(result);
    }

    const entityProblems = singleHolderProblems(results, catalog);
    problemCount += entityProblems.length;
    return { roles: results, entityProblems, problemCount };
  }
}

/**
 * The person a holder stands for: a user, or the one member of a group of one
 * (sub-teams included); undefined for a team of several or an empty group.
 */
function personOf(holder: string, catalog: CatalogLookup): string | undefined {
  const kind = kindOfRef(holder);
  if (kind === 'user') return holder;
  if (kind !== 'group') return undefined;
  const members = catalog.groupMembers(holder);
  return members?.length === 1 ? members[0] : undefined;
}

/**
 * Bus factor: one person holding every required role (when there are two or
 * more), named directly or through a group of one. A team of several holding
 * every role is not one person.
 */
function singleHolderProblems(
  results: RoleResult[],
  catalog: CatalogLookup,
): RoleProblem[] {
  let first: RoleResult | undefined;
  let requiredCount = 0;
  for (const r of results) {
    if (r.required) {
      requiredCount++;
      first ??= r;
    }
  }
  if (!first || requiredCount < 2) return NO_PROBLEMS;
  let problems = NO_PROBLEMS;
  for (const holder of first.holders) {
    const person = personOf(holder, catalog);
    if (
      person &&
      !problems.some(p => p.holder === person) &&
      results.every(
        r =>
          !r.required || r.holders.some(h => personOf(h, catalog) === person),
      )
    ) {
      if (problems === NO_PROBLEMS) problems = [];
      problems.push({
        type: 'single-holder-of-all-required-roles',
        holder: person,
        message: `${person} holds every required role`,
      });
    }
  }
  return problems;
}

/**
 * Resolves every role of the model to its holders and finds what is wrong
 * with them; see {@link RoleEvaluator}.
 */
export function evaluateRoles(
  roles: ReadinessRole[],
  sources: RoleSources,
  catalog: CatalogLookup,
): RoleEvaluation {
  return new RoleEvaluator(roles).evaluate(sources, catalog);
}

/**
 * The status of `organisation.roles-assigned`, scored from role health: not
 * applicable without required roles; met when every required role has
 * holders and there is no role problem at all; not met when no required
 * role has a holder; partially met otherwise.
 */
export function roleHealthStatus(evaluation: RoleEvaluation): CheckStatus {
  let required = 0;
  let assigned = 0;
  for (const r of evaluation.roles) {
    if (r.required) {
      required++;
      if (r.holders.length > 0) assigned++;
    }
  }
  if (required === 0) {
    return 'not-applicable';
  }
  if (assigned === required && evaluation.problemCount === 0) {
    return 'met';
  }
  return assigned === 0 ? 'not-met' : 'partially-met';
}
