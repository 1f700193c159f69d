import { Entity } from '@backstage/catalog-model';
import {
  AnswerStatus,
  NOT_APPLICABLE_REASONS,
  NotApplicableReason,
  ReadinessAnswer,
  ReadinessCheck,
  ReadinessRoleAssignment,
  ValidationProblem,
} from './types';
import { kindOfRef, tryNormalizeEntityRef } from './refs';

/** The domain prefix of every readiness annotation. @public */
export const READINESS_ANNOTATION_PREFIX = 'prodready.dev/';
/** @public */
export const CHECK_ANNOTATION_PREFIX = `${READINESS_ANNOTATION_PREFIX}check.`;
/** @public */
export const ROLE_ANNOTATION_PREFIX = `${READINESS_ANNOTATION_PREFIX}role.`;

/** The annotation that answers a check, e.g. `prodready.dev/check.recoverability.restore-test`. @public */
export function checkAnnotationKey(checkId: string): string {
  return `${CHECK_ANNOTATION_PREFIX}${checkId}`;
}

/** The annotation that names the holders of a role, e.g. `prodready.dev/role.dba`. @public */
export function roleAnnotationKey(roleId: string): string {
  return `${ROLE_ANNOTATION_PREFIX}${roleId}`;
}

const STATUS_WORDS: Record<string, AnswerStatus> = {
  met: 'met',
  partial: 'partially-met',
  'partially-met': 'partially-met',
  'not-met': 'not-met',
  na: 'not-applicable',
  'not-applicable': 'not-applicable',
};

/** Limits shared by the annotation parser and the backend's request validation. @public */
export const ANSWER_LIMITS = {
  noteLength: 2000,
  notApplicableTextLength: 2000,
  evidenceUrlLength: 2048,
  holders: 50,
} as const;

/** True for an absolute http or https URL. @public */
export function isHttpUrl(value: string): boolean {
  if (value.length > ANSWER_LIMITS.evidenceUrlLength) {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** True for a real calendar date written `YYYY-MM-DD`. @public */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The checks and roles the parser knows, keyed by id. */
export interface AnnotationModel {
  checks: ReadonlyMap<string, ReadinessCheck>;
  roleIds: ReadonlySet<string>;
}

/** What an entity's readiness annotations say. @public */
export interface ParsedReadinessAnnotations {
  answers: Map<string, ReadinessAnswer>;
  /** Checks whose annotation is present but malformed: they count as unknown. */
  invalidChecks: Set<string>;
  roles: Map<string, ReadinessRoleAssignment>;
  /** Roles whose annotation is present but malformed. */
  invalidRoles: Set<string>;
  problems: ValidationProblem[];
}

function parseAnswer(
  key: string,
  checkId: string,
  raw: string,
  check: ReadinessCheck,
  problems: ValidationProblem[],
): ReadinessAnswer | undefined {
  const problem = (message: string) => {
    problems.push({ key, checkId, message });
    return undefined;
  };
  const [statusWord, ...fields] = raw.split(';').map(part => part.trim());
  const status = STATUS_WORDS[statusWord.toLocaleLowerCase('en-US')];
  if (!status) {
    return problem(
      `'${statusWord}' is not a status; use met, partial, not-met or na`,
    );
  }
  const answer: ReadinessAnswer = {
    checkId,
    status,
    source: 'annotation',
    answeredBy: 'annotation',
  };
  const seen = new Set<string>();
  for (const field of fields) {
    if (!field) {
      continue;
    }
    const eq = field.indexOf('=');
    const name =
      eq < 0 ? field : field.slice(0, eq).trim().toLocaleLowerCase('en-US');
    const value = eq < 0 ? '' : field.slice(eq + 1).trim();
    if (eq < 0 || !value) {
      return problem(`field '${name}' needs a value written ${name}=<value>`);
    }
    if (seen.has(name)) {
      return problem(`field '${name}' is given twice`);
    }
    seen.add(name);
    switch (name) {
      case 'date':
        if (!isIsoDate(value)) {
          return problem(`date '${value}' is not a date written YYYY-MM-DD`);
        }
        answer.answeredAt = value;
        break;
      case 'evidence':
        if (!isHttpUrl(value)) {
          return problem(`evidence '${value}' is not an http or https URL`);
        }
        answer.evidenceUrl = value;
        break;
      case 'reason':
        if (!(NOT_APPLICABLE_REASONS as readonly string[]).includes(value)) {
          return problem(
            `reason '${value}' is not one of ${NOT_APPLICABLE_REASONS.join(
              ', ',
            )}`,
          );
        }
        answer.notApplicableReason = value as NotApplicableReason;
        break;
      case 'note':
        if (value.length > ANSWER_LIMITS.noteLength) {
          return problem(
            `note is longer than ${ANSWER_LIMITS.noteLength} characters`,
          );
        }
        answer.note = value;
        break;
      default:
        return problem(
          `unknown field '${name}'; use date, evidence, reason or note`,
        );
    }
  }
  if (status === 'not-applicable') {
    if (!answer.notApplicableReason) {
      return problem('a not-applicable answer needs reason=<code>');
    }
    if (!answer.note) {
      return problem('a not-applicable answer needs note=<why>');
    }
    answer.notApplicableText = answer.note;
    delete answer.note;
  } else if (answer.notApplicableReason) {
    return problem('reason is only allowed on a not-applicable answer');
  }
  if (
    check.expiresAfterDays !== undefined &&
    status !== 'not-applicable' &&
    !answer.answeredAt
  ) {
    return problem(
      `date=YYYY-MM-DD is required: this check expires ${check.expiresAfterDays} days after it is answered`,
    );
  }
  return answer;
}

function parseHolders(
  key: string,
  roleId: string,
  raw: string,
  namespace: string,
  problems: ValidationProblem[],
): string[] | undefined {
  const holders: string[] = [];
  for (const part of raw.split(',').map(p => p.trim())) {
    if (!part) {
      continue;
    }
    const ref = tryNormalizeEntityRef(part, {
      defaultKind: 'user',
      defaultNamespace: namespace,
    });
    if (!ref) {
      problems.push({ key, roleId, message: `'${part}' is not an entity ref` });
      return undefined;
    }
    const kind = kindOfRef(ref);
    if (kind !== 'user' && kind !== 'group') {
      problems.push({
        key,
        roleId,
        message: `'${part}' is a ${kind}; role holders are users or groups`,
      });
      return undefined;
    }
    if (!holders.includes(ref)) {
      holders.push(ref);
    }
  }
  if (!holders.length) {
    problems.push({ key, roleId, message: 'names no holder' });
    return undefined;
  }
  if (holders.length > ANSWER_LIMITS.holders) {
    problems.push({
      key,
      roleId,
      message: `names more than ${ANSWER_LIMITS.holders} holders`,
    });
    return undefined;
  }
  return holders;
}

/**
 * Reads an entity's readiness annotations. Never throws: every malformed
 * value becomes a validation problem that names its key.
 * @public
 */
export function parseReadinessAnnotations(
  entity: Entity,
  model: AnnotationModel,
): ParsedReadinessAnnotations {
  const result: ParsedReadinessAnnotations = {
    answers: new Map(),
    invalidChecks: new Set(),
    roles: new Map(),
    invalidRoles: new Set(),
    problems: [],
  };
  const annotations = entity.metadata.annotations;
  if (!annotations) {
    return result;
  }
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const namespace = entity.metadata.namespace ?? 'default';
  for (const key in annotations) {
    if (!key.startsWith(READINESS_ANNOTATION_PREFIX)) {
      continue;
    }
    const raw = annotations[key];
    if (typeof raw !== 'string') {
      result.problems.push({ key, message: 'value must be a string' });
      continue;
    }
    if (key.startsWith(CHECK_ANNOTATION_PREFIX)) {
      const checkId = key.slice(CHECK_ANNOTATION_PREFIX.length);
      const check = model.checks.get(checkId);
      if (!check) {
        result.problems.push({ key, message: `unknown check '${checkId}'` });
      } else if (check.scoredBy === 'role-health') {
        result.problems.push({
          key,
          checkId,
          message:
            'this check is scored from role health; assign roles with prodready.dev/role.<roleId> instead',
        });
      } else if (!check.appliesTo.includes(kind)) {
        result.problems.push({
          key,
          checkId,
          message: `this check does not apply to a ${kind}`,
        });
      } else {
        const answer = parseAnswer(key, checkId, raw, check, result.problems);
        if (answer) {
          result.answers.set(checkId, answer);
        } else {
          result.invalidChecks.add(checkId);
        }
      }
    } else if (key.startsWith(ROLE_ANNOTATION_PREFIX)) {
      const roleId = key.slice(ROLE_ANNOTATION_PREFIX.length);
      if (!model.roleIds.has(roleId)) {
        result.problems.push({ key, message: `unknown role '${roleId}'` });
        continue;
      }
      const holders = parseHolders(
        key,
        roleId,
        raw,
        namespace,
        result.problems,
      );
      if (holders) {
        result.roles.set(roleId, {
          roleId,
          holders,
          source: 'annotation',
          assignedBy: 'annotation',
        });
      } else {
        result.invalidRoles.add(roleId);
      }
    } else {
      result.problems.push({
        key,
        message: `unknown readiness annotation; use ${CHECK_ANNOTATION_PREFIX}<checkId> or ${ROLE_ANNOTATION_PREFIX}<roleId>`,
      });
    }
  }
  return result;
}
