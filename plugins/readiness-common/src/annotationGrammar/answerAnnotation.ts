import {
  AnswerStatus,
  NOT_APPLICABLE_REASONS,
  NotApplicableReason,
  ReadinessAnswer,
  ReadinessCheck,
  ValidationProblem,
} from '../types';
import {
  ANSWER_LIMITS,
  hasControlCharacter,
  isHttpUrl,
  isIsoDate,
} from './answerValues';
import { isName, isTrimmed, quoted } from './scanText';

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

/** Lists a problem of a check annotation; undefined, for `return fail(...)`. */
function fail(
  problems: ValidationProblem[],
  key: string,
  checkId: string,
  message: string,
): undefined {
  problems.push({ key, checkId, message });
  return undefined;
}

/**
 * A check annotation's value as an answer, or undefined once the problem is
 * listed in `problems`.
 */
export function parseAnswer(
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
      `${quoted(
        raw.slice(wordStart, wordEnd),
      )} is not a status; use met, partial, not-met or na`,
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
        `field ${quoted(name)} needs a value written ${name}=<value>`,
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
          `date ${quoted(value)} is not a date written YYYY-MM-DD`,
        );
      }
      date = value;
    } else if (isName(raw, from, nameEnd, 'evidence')) {
      if (evidence !== undefined) {
        return fail(problems, key, checkId, "field 'evidence' is given twice");
      }
      if (hasControlCharacter(value, 'anywhere')) {
        return fail(
          problems,
          key,
          checkId,
          'evidence must not contain control characters',
        );
      }
      if (!isHttpUrl(value)) {
        return fail(
          problems,
          key,
          checkId,
          `evidence ${quoted(value)} is not an http or https URL`,
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
          `reason ${quoted(value)} is not one of ${NOT_APPLICABLE_REASONS.join(
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
      if (hasControlCharacter(value, 'text')) {
        return fail(
          problems,
          key,
          checkId,
          'note must not contain control characters',
        );
      }
      note = value;
    } else {
      const name = raw.slice(from, nameEnd).toLowerCase();
      return fail(
        problems,
        key,
        checkId,
        `unknown field ${quoted(name)}; use date, evidence, reason or note`,
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
