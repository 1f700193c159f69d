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

/*
 * The annotation grammar (docs/annotations.md) and the scanner shared by the
 * public parser (annotations.ts) and the engine, which collects answers in
 * its own compact form. Internal: the public names are re-exported from
 * annotations.ts.
 */

/** The domain prefix of every readiness annotation. @public */
export const READINESS_ANNOTATION_PREFIX = 'prodready.dev/';
/** @public */
export const CHECK_ANNOTATION_PREFIX = `${READINESS_ANNOTATION_PREFIX}check.`;
/** @public */
export const ROLE_ANNOTATION_PREFIX = `${READINESS_ANNOTATION_PREFIX}role.`;
/** The annotation holding a cost table, read by `cost/costAnnotation.ts`. @public */
export const COST_ANNOTATION_KEY = `${READINESS_ANNOTATION_PREFIX}cost`;

/** The annotation that answers a check, e.g. `prodready.dev/check.recoverability.restore-test`. @public */
export function checkAnnotationKey(checkId: string): string {
  return `${CHECK_ANNOTATION_PREFIX}${checkId}`;
}

/** The annotation that names the holders of a role, e.g. `prodready.dev/role.dba`. @public */
export function roleAnnotationKey(roleId: string): string {
  return `${ROLE_ANNOTATION_PREFIX}${roleId}`;
}

/** The status words, lower case (a list: `constructor` is not a status). */
const STATUS_WORDS: [string, AnswerStatus][] = [
  ['met', 'met'],
  ['partial', 'partially-met'],
  ['partially-met', 'partially-met'],
  ['not-met', 'not-met'],
  ['na', 'not-applicable'],
  ['not-applicable', 'not-applicable'],
];

/** The status written in `raw` between `from` and `to`, in any case. */
function statusAt(
  raw: string,
  from: number,
  to: number,
): AnswerStatus | undefined {
  for (const [word, status] of STATUS_WORDS) {
    if (isName(raw, from, to, word)) {
      return status;
    }
  }
  return undefined;
}

/** Limits shared by the annotation parser and the backend's request validation. @public */
export const ANSWER_LIMITS = {
  noteLength: 2000,
  notApplicableTextLength: 2000,
  evidenceUrlLength: 2048,
  holders: 50,
} as const;

/**
 * A common form of http(s) URL that the WHATWG URL parser always accepts:
 * letters-digits-hyphens host labels whose last label starts with a letter
 * (so never an IPv4 address), an optional short port, then any printable
 * ASCII. Anything else goes to the parser itself.
 */
const SIMPLE_HTTP_URL =
  /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?::[0-9]{1,4})?(?:[/?#][\x21-\x7e]*)?$/i;

/**
 * Whether a value starts with `http:` or `https:` the way the URL parser
 * reads it: after leading C0 controls and spaces, ignoring tabs and newlines
 * anywhere, in any case. When false, the value is surely not an http(s) URL.
 */
function hasHttpScheme(value: string): boolean {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 0x20) i++;
  const next = () => {
    let c = value.charCodeAt(i++);
    while (c === 0x09 || c === 0x0a || c === 0x0d) c = value.charCodeAt(i++);
    return c;
  };
  if ((next() | 0x20) !== 0x68 /* h */) return false;
  if ((next() | 0x20) !== 0x74 /* t */) return false;
  if ((next() | 0x20) !== 0x74 /* t */) return false;
  if ((next() | 0x20) !== 0x70 /* p */) return false;
  let c = next();
  if ((c | 0x20) === 0x73 /* s */) c = next();
  return c === 0x3a; /* : */
}

/** True for an absolute http or https URL. @public */
export function isHttpUrl(value: string): boolean {
  if (value.length > ANSWER_LIMITS.evidenceUrlLength) {
    return false;
  }
  // Punycode labels (`xn--`) must be valid punycode: leave them to the parser.
  if (SIMPLE_HTTP_URL.test(value) && !/xn--/i.test(value)) {
    return true;
  }
  // Values that cannot have an http(s) scheme are rejected without the cost
  // of a thrown TypeError.
  if (!hasHttpScheme(value)) {
    return false;
  }
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** True for a real calendar date written `YYYY-MM-DD`. @public */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value[4] !== '-' || value[7] !== '-') {
    return false;
  }
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return false;
    }
    if (i < 4) year = year * 10 + digit;
    else if (i < 7) month = month * 10 + digit;
    else day = day * 10 + digit;
  }
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  let days = 31;
  if (month === 2) days = leap ? 29 : 28;
  else if (month === 4 || month === 6 || month === 9 || month === 11) days = 30;
  return day <= days;
}

/** The checks and roles the parser knows, keyed by id. */
export interface AnnotationModel {
  checks: ReadonlyMap<string, ReadinessCheck>;
  roleIds: ReadonlySet<string>;
}

function fail(
  problems: ValidationProblem[],
  key: string,
  checkId: string,
  message: string,
): undefined {
  problems.push({ key, checkId, message });
  return undefined;
}

/** Whether `String.prototype.trim` removes this UTF-16 code unit. */
function isTrimmed(c: number): boolean {
  return c <= 0x20
    ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
    : c >= 0xa0 &&
        (c === 0xa0 ||
          c === 0x1680 ||
          (c >= 0x2000 && c <= 0x200a) ||
          c === 0x2028 ||
          c === 0x2029 ||
          c === 0x202f ||
          c === 0x205f ||
          c === 0x3000 ||
          c === 0xfeff);
}

/**
 * Whether `raw.slice(from, to).toLowerCase() === name` for a lower-case
 * ASCII `name`, without slicing. (Of all of Unicode only the Kelvin sign
 * lower-cases to an ASCII letter, `k`, which no name here contains.)
 */
function isName(raw: string, from: number, to: number, name: string) {
  if (to - from !== name.length) {
    return false;
  }
  for (let i = 0; i < name.length; i++) {
    const expected = name.charCodeAt(i);
    const c = raw.charCodeAt(from + i);
    // Letters in either case; anything else exactly.
    if (
      c !== expected &&
      !(expected >= 97 && expected <= 122 && c === expected - 32)
    ) {
      return false;
    }
  }
  return true;
}

function parseAnswer(
  key: string,
  checkId: string,
  raw: string,
  check: ReadinessCheck,
  problems: ValidationProblem[],
): ReadinessAnswer | undefined {
  // `<status>[; <name>=<value>]...`, scanned by index: no intermediate
  // arrays or strings besides the values kept.
  const length = raw.length;
  let end = raw.indexOf(';');
  if (end < 0) end = length;
  let wordStart = 0;
  let wordEnd = end;
  while (wordStart < wordEnd && isTrimmed(raw.charCodeAt(wordStart)))
    wordStart++;
  while (wordEnd > wordStart && isTrimmed(raw.charCodeAt(wordEnd - 1)))
    wordEnd--;
  const status = statusAt(raw, wordStart, wordEnd);
  if (!status) {
    return fail(
      problems,
      key,
      checkId,
      `'${raw.slice(
        wordStart,
        wordEnd,
      )}' is not a status; use met, partial, not-met or na`,
    );
  }
  let date: string | undefined;
  let evidence: string | undefined;
  let reason: NotApplicableReason | undefined;
  let note: string | undefined;
  for (let start = end + 1; start <= length; start = end + 1) {
    end = raw.indexOf(';', start);
    if (end < 0) end = length;
    // The field, trimmed: [from, to).
    let from = start;
    let to = end;
    while (from < to && isTrimmed(raw.charCodeAt(from))) from++;
    while (to > from && isTrimmed(raw.charCodeAt(to - 1))) to--;
    if (from === to) {
      continue;
    }
    let eq = raw.indexOf('=', from);
    if (eq >= to) eq = -1;
    // The name [from, nameEnd) and the value [valueStart, to), trimmed.
    let nameEnd = eq < 0 ? to : eq;
    while (nameEnd > from && isTrimmed(raw.charCodeAt(nameEnd - 1))) nameEnd--;
    let valueStart = eq < 0 ? to : eq + 1;
    while (valueStart < to && isTrimmed(raw.charCodeAt(valueStart)))
      valueStart++;
    if (eq < 0 || valueStart === to) {
      const name =
        eq < 0 ? raw.slice(from, to) : raw.slice(from, nameEnd).toLowerCase();
      return fail(
        problems,
        key,
        checkId,
        `field '${name}' needs a value written ${name}=<value>`,
      );
    }
    const value = raw.slice(valueStart, to);
    if (isName(raw, from, nameEnd, 'date')) {
      if (date !== undefined) {
        return fail(problems, key, checkId, "field 'date' is given twice");
      }
      if (!isIsoDate(value)) {
        return fail(
          problems,
          key,
          checkId,
          `date '${value}' is not a date written YYYY-MM-DD`,
        );
      }
      date = value;
    } else if (isName(raw, from, nameEnd, 'evidence')) {
      if (evidence !== undefined) {
        return fail(problems, key, checkId, "field 'evidence' is given twice");
      }
      if (!isHttpUrl(value)) {
        return fail(
          problems,
          key,
          checkId,
          `evidence '${value}' is not an http or https URL`,
        );
      }
      evidence = value;
    } else if (isName(raw, from, nameEnd, 'reason')) {
      if (reason !== undefined) {
        return fail(problems, key, checkId, "field 'reason' is given twice");
      }
      if (!(NOT_APPLICABLE_REASONS as readonly string[]).includes(value)) {
        return fail(
          problems,
          key,
          checkId,
          `reason '${value}' is not one of ${NOT_APPLICABLE_REASONS.join(
            ', ',
          )}`,
        );
      }
      reason = value as NotApplicableReason;
    } else if (isName(raw, from, nameEnd, 'note')) {
      if (note !== undefined) {
        return fail(problems, key, checkId, "field 'note' is given twice");
      }
      if (value.length > ANSWER_LIMITS.noteLength) {
        return fail(
          problems,
          key,
          checkId,
          `note is longer than ${ANSWER_LIMITS.noteLength} characters`,
        );
      }
      note = value;
    } else {
      const name = raw.slice(from, nameEnd).toLowerCase();
      return fail(
        problems,
        key,
        checkId,
        `unknown field '${name}'; use date, evidence, reason or note`,
      );
    }
  }
  if (status === 'not-applicable') {
    if (!reason) {
      return fail(
        problems,
        key,
        checkId,
        'a not-applicable answer needs reason=<code>',
      );
    }
    if (!note) {
      return fail(
        problems,
        key,
        checkId,
        'a not-applicable answer needs note=<why>',
      );
    }
  } else if (reason) {
    return fail(
      problems,
      key,
      checkId,
      'reason is only allowed on a not-applicable answer',
    );
  }
  if (
    check.expiresAfterDays !== undefined &&
    status !== 'not-applicable' &&
    !date
  ) {
    return fail(
      problems,
      key,
      checkId,
      `date=YYYY-MM-DD is required: this check expires ${check.expiresAfterDays} days after it is answered`,
    );
  }
  // Built in one fixed property order, so answers share few shapes.
  const answer: ReadinessAnswer = {
    checkId,
    status,
    source: 'annotation',
    answeredBy: 'annotation',
  };
  if (date) answer.answeredAt = date;
  if (evidence) answer.evidenceUrl = evidence;
  if (reason) {
    answer.notApplicableReason = reason;
    answer.notApplicableText = note;
  } else if (note) {
    answer.note = note;
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

/** Where the scanner puts what it reads. */
export interface AnnotationSink {
  answer(check: ReadinessCheck, answer: ReadinessAnswer): void;
  /** A check whose annotation is present but malformed. */
  invalidCheck(check: ReadinessCheck): void;
  role(roleId: string, assignment: ReadinessRoleAssignment): void;
  /** A role whose annotation is present but malformed. */
  invalidRole(roleId: string): void;
}

/** Checks by their annotation key, derived once per checks map. */
const checksByKeyCache = new WeakMap<
  ReadonlyMap<string, ReadinessCheck>,
  Map<string, ReadinessCheck>
>();

function checksByKey(
  checks: ReadonlyMap<string, ReadinessCheck>,
): Map<string, ReadinessCheck> {
  let byKey = checksByKeyCache.get(checks);
  if (!byKey || byKey.size !== checks.size) {
    byKey = new Map();
    for (const check of checks.values()) {
      byKey.set(checkAnnotationKey(check.id), check);
    }
    checksByKeyCache.set(checks, byKey);
  }
  return byKey;
}

/**
 * Reads an entity's readiness annotations into a sink. Never throws: every
 * malformed value becomes a problem that names its key.
 */
export function scanReadinessAnnotations(
  entity: Entity,
  model: AnnotationModel,
  sink: AnnotationSink,
  problems: ValidationProblem[],
): void {
  const annotations = entity.metadata.annotations;
  if (!annotations) {
    return;
  }
  const byKey = checksByKey(model.checks);
  let kind: string | undefined;
  for (const key in annotations) {
    if (!key.startsWith(READINESS_ANNOTATION_PREFIX)) {
      continue;
    }
    const raw = annotations[key];
    if (typeof raw !== 'string') {
      problems.push({ key, message: 'value must be a string' });
      continue;
    }
    // Look the check up by the whole key: no slicing for known checks.
    const check = byKey.get(key);
    if (check) {
      kind ??= entity.kind.toLowerCase();
      if (check.scoredBy === 'role-health') {
        problems.push({
          key,
          checkId: check.id,
          message:
            'this check is scored from role health; assign roles with prodready.dev/role.<roleId> instead',
        });
      } else if (!check.appliesTo.includes(kind)) {
        problems.push({
          key,
          checkId: check.id,
          message: `this check does not apply to a ${kind}`,
        });
      } else {
        const answer = parseAnswer(key, check.id, raw, check, problems);
        if (answer) {
          sink.answer(check, answer);
        } else {
          sink.invalidCheck(check);
        }
      }
    } else if (key.startsWith(CHECK_ANNOTATION_PREFIX)) {
      const checkId = key.slice(CHECK_ANNOTATION_PREFIX.length);
      problems.push({ key, message: `unknown check '${checkId}'` });
    } else if (key.startsWith(ROLE_ANNOTATION_PREFIX)) {
      const roleId = key.slice(ROLE_ANNOTATION_PREFIX.length);
      if (!model.roleIds.has(roleId)) {
        problems.push({ key, message: `unknown role '${roleId}'` });
        continue;
      }
      const holders = parseHolders(
        key,
        roleId,
        raw,
        entity.metadata.namespace ?? 'default',
        problems,
      );
      if (holders) {
        sink.role(roleId, {
          roleId,
          holders,
          source: 'annotation',
          assignedBy: 'annotation',
        });
      } else {
        sink.invalidRole(roleId);
      }
    } else if (key === COST_ANNOTATION_KEY) {
      // A cost table: the engine reads it with the cost module.
      continue;
    } else {
      problems.push({
        key,
        message: `unknown readiness annotation; use ${CHECK_ANNOTATION_PREFIX}<checkId>, ${ROLE_ANNOTATION_PREFIX}<roleId> or ${COST_ANNOTATION_KEY}`,
      });
    }
  }
}
