import {
  ReadinessAnswer,
  ReadinessCheck,
  ReadinessRoleAssignment,
  ValidationProblem,
} from '../types';
import { AnnotationSink } from '../annotationGrammar';

/** Shared empty containers: most entities have nothing to put in them. */
export const NO_PROBLEMS: ValidationProblem[] = Object.freeze([]) as never;
export const EMPTY_MAP: ReadonlyMap<string, never> = new Map<string, never>();
export const EMPTY_SET: ReadonlySet<string> = new Set<string>();

/** Answers (portal or pushed) by check id; the shared empty map when none. */
export function byCheckId<T extends { checkId: string }>(
  items?: T[],
): ReadonlyMap<string, T> {
  if (!items?.length) {
    return EMPTY_MAP;
  }
  return new Map(items.map(i => [i.checkId, i]));
}

/** Role assignments by role id; the shared empty map when none. */
export function byRoleId(items?: ReadinessRoleAssignment[]) {
  if (!items?.length) {
    return EMPTY_MAP as ReadonlyMap<string, ReadinessRoleAssignment>;
  }
  return new Map(items.map(i => [i.roleId, i]));
}

/**
 * An entity's annotations as the engine reads them: answers by check index
 * in an array, containers only when there is something to hold.
 */
export class EntityAnnotations implements AnnotationSink {
  answers: (ReadinessAnswer | undefined)[] | undefined = undefined;
  invalid: boolean[] | undefined = undefined;
  roles: Map<string, ReadinessRoleAssignment> | undefined = undefined;
  invalidRoles: Set<string> | undefined = undefined;
  readonly problems: ValidationProblem[] = [];
  /** The answers in the order of their annotations (what a System hands down keeps it). */
  readonly inOrder: [checkId: string, answer: ReadinessAnswer][] = [];

  constructor(private readonly indexOf: ReadonlyMap<string, number>) {}

  answer(check: ReadinessCheck, answer: ReadinessAnswer) {
    (this.answers ??= [])[this.indexOf.get(check.id)!] = answer;
    this.inOrder.push([check.id, answer]);
  }

  invalidCheck(check: ReadinessCheck) {
    (this.invalid ??= [])[this.indexOf.get(check.id)!] = true;
  }

  /** Whether the check's annotation is present but malformed. */
  isInvalid(checkId: string): boolean {
    const index = this.indexOf.get(checkId);
    return index !== undefined && !!this.invalid?.[index];
  }

  role(roleId: string, assignment: ReadinessRoleAssignment) {
    (this.roles ??= new Map()).set(roleId, assignment);
  }

  invalidRole(roleId: string) {
    (this.invalidRoles ??= new Set()).add(roleId);
  }

  /** The annotation problems of each check, or undefined when none name a check. */
  problemsByCheck(): Map<string, ValidationProblem[]> | undefined {
    let byCheck: Map<string, ValidationProblem[]> | undefined;
    for (const problem of this.problems) {
      if (problem.checkId) {
        byCheck ??= new Map();
        const list = byCheck.get(problem.checkId);
        if (list) list.push(problem);
        else byCheck.set(problem.checkId, [problem]);
      }
    }
    return byCheck;
  }
}
