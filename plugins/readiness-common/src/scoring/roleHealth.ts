import {
  ReadinessRole,
  ReadinessRoleAssignment,
  RoleProblem,
  RoleResult,
} from '../types';
import { CatalogLookup } from '../detectors';
import { kindOfRef } from '../refs';

/** The role assignments an entity has, by source. */
export interface RoleSources {
  portal: ReadonlyMap<string, ReadinessRoleAssignment>;
  annotation: ReadonlyMap<string, ReadinessRoleAssignment>;
  invalidAnnotation: ReadonlySet<string>;
  inherited?: {
    entityRef: string;
    roles: ReadonlyMap<string, ReadinessRoleAssignment>;
  };
}

const NO_PROBLEMS: RoleProblem[] = [];

function sameHolders(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every(h => b.includes(h));
}

/**
 * Resolves every role of the model to its holders (portal before annotation
 * before the System's assignment) and finds what is wrong with them.
 */
export function evaluateRoles(
  roles: ReadinessRole[],
  sources: RoleSources,
  catalog: CatalogLookup,
): { roles: RoleResult[]; entityProblems: RoleProblem[] } {
  const results: RoleResult[] = [];
  for (const role of roles) {
    const portal = sources.portal.get(role.id);
    const annotation = sources.annotation.get(role.id);
    const inherited = sources.inherited?.roles.get(role.id);
    const assignment = portal ?? annotation ?? inherited;
    const holders = assignment?.holders ?? [];
    const problems: RoleProblem[] = [];
    if (role.required && holders.length === 0) {
      problems.push({
        type: 'unassigned',
        message: `${role.title} is required and has no holder`,
      });
    }
    for (const holder of holders) {
      if (!catalog.exists(holder)) {
        problems.push({
          type: 'holder-not-in-catalog',
          holder,
          message: `${holder} is no longer in the catalog`,
        });
      } else if (
        kindOfRef(holder) === 'group' &&
        catalog.groupMemberCount(holder) === 0
      ) {
        problems.push({
          type: 'empty-group',
          holder,
          message: `${holder} has no members`,
        });
      }
    }
    let source: RoleResult['source'] = 'none';
    if (portal) source = 'portal';
    else if (annotation) source = 'annotation';
    else if (inherited) source = 'inherited';
    const result: RoleResult = {
      roleId: role.id,
      required: role.required,
      holders,
      source,
      problems: problems.length ? problems : NO_PROBLEMS,
    };
    if (assignment) {
      result.assignment = assignment;
    }
    if (!portal && !annotation && inherited) {
      result.inheritedFrom = sources.inherited!.entityRef;
    }
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
    results.push(result);
  }

  // Bus factor: one person holding every required role (when there are two or more).
  const entityProblems: RoleProblem[] = [];
  const required = results.filter(r => r.required);
  if (required.length >= 2) {
    const [first, ...rest] = required;
    for (const holder of first.holders) {
      if (
        kindOfRef(holder) === 'user' &&
        rest.every(r => r.holders.includes(holder))
      ) {
        entityProblems.push({
          type: 'single-holder-of-all-required-roles',
          holder,
          message: `${holder} holds every required role`,
        });
      }
    }
  }
  return { roles: results, entityProblems };
}
