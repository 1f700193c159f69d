import {
  CheckResult,
  CheckResultSource,
  CheckStatus,
  ReadinessAnswer,
  ValidationProblem,
} from '../types';
import { CompiledCheck } from './compiledChecks';
import { InheritableReadiness } from './scoringInput';
import { answerCountsFromMs, expiryDate, pointsFor } from './points';
import { CHECK_ANNOTATION_PREFIX } from '../annotationGrammar/annotationKeys';
import { quoted } from '../annotationGrammar/scanText';

/** When an answer expires: the instant and its ISO form. */
export interface Expiry {
  ms: number;
  iso: string;
}

/**
 * The results a System's parts inherit, per check index, for one `now`:
 * a shared frozen result, null when the System has no answer, undefined
 * until first needed.
 */
interface InheritedResults {
  now: number;
  results: (CheckResult | null | undefined)[];
}

/**
 * Turns answers into check results with expiry applied, and keeps what many
 * entities share: expiry dates (many answers share a date) and the results
 * the parts of a System inherit from it.
 */
export class CheckResults {
  /** Expiry per `expiresAfterDays` and `answeredAt`; bounded, cleared when full. */
  private readonly expiries = new Map<number, Map<string, Expiry | null>>();
  private expiryCount = 0;
  private readonly inherited = new WeakMap<
    InheritableReadiness,
    InheritedResults
  >();

  /** When annotation answers of a date start to count; bounded, cleared when full. */
  private readonly countsFrom = new Map<string, number>();

  constructor(private readonly checkCount: number) {}

  /**
   * Whether an annotation dates `answer` after today (see
   * {@link answerCountsFromMs}): not yet an answer, so its check is unknown.
   */
  datedAhead(answer: ReadinessAnswer, now: number): boolean {
    if (answer.source !== 'annotation' || !answer.answeredAt) return false;
    let from = this.countsFrom.get(answer.answeredAt);
    if (from === undefined) {
      from = answerCountsFromMs(answer)!;
      if (this.countsFrom.size >= 50_000) this.countsFrom.clear();
      this.countsFrom.set(answer.answeredAt, from);
    }
    return from > now;
  }

  /** When an answer given at `answeredAt` expires (cached: many answers share a date). */
  private expiryOf(
    answeredAt: string | undefined,
    expiresAfterDays: number,
  ): Expiry | null {
    if (!answeredAt) {
      return null;
    }
    let byDate = this.expiries.get(expiresAfterDays);
    if (!byDate) {
      byDate = new Map();
      this.expiries.set(expiresAfterDays, byDate);
    }
    let expiry = byDate.get(answeredAt);
    if (expiry === undefined) {
      const iso = expiryDate(answeredAt, expiresAfterDays);
      expiry = iso ? { ms: Date.parse(iso), iso } : null;
      if (++this.expiryCount > 50_000) {
        this.expiries.clear();
        this.expiryCount = 0;
      }
      byDate.set(answeredAt, expiry);
    }
    return expiry;
  }

  /** The result of a check from an answer (or none), with its expiry applied. */
  resultOf(
    check: CompiledCheck,
    answer: ReadinessAnswer | undefined,
    source: CheckResultSource,
    problems: ValidationProblem[],
    now: number,
    inheritedFrom?: string,
  ): CheckResult {
    let status: CheckStatus = answer ? answer.status : 'unknown';
    const result: CheckResult = {
      checkId: check.id,
      status,
      points: null,
      source,
      problems,
    };
    if (answer) result.answer = answer;
    if (inheritedFrom) result.inheritedFrom = inheritedFrom;
    if (answer && this.datedAhead(answer, now)) {
      result.status = 'unknown';
      result.points = pointsFor('unknown');
      result.problems = [
        ...problems,
        {
          key: `${CHECK_ANNOTATION_PREFIX}${check.id}`,
          checkId: check.id,
          message: `date ${quoted(
            answer.answeredAt!,
          )} is after today; it is the day the answer was given`,
        },
      ];
      return result;
    }
    if (
      answer &&
      status !== 'not-applicable' &&
      check.expiresAfterDays !== undefined
    ) {
      const expiry = this.expiryOf(answer.answeredAt, check.expiresAfterDays);
      if (expiry) {
        result.expiresAt = expiry.iso;
        if (expiry.ms <= now) {
          status = 'expired';
          result.status = status;
          result.expiredSince = expiry.iso;
        }
      }
    }
    result.points = pointsFor(status);
    return result;
  }

  /** The status of a check from an answer, with its expiry applied: `resultOf(...).status`. */
  statusOf(
    check: CompiledCheck,
    answer: ReadinessAnswer,
    now: number,
  ): CheckStatus {
    if (this.datedAhead(answer, now)) return 'unknown';
    const status = answer.status;
    if (status !== 'not-applicable' && check.expiresAfterDays !== undefined) {
      const expiry = this.expiryOf(answer.answeredAt, check.expiresAfterDays);
      if (expiry && expiry.ms <= now) return 'expired';
    }
    return status;
  }

  /** When `answer` expires, as `resultOf(...).expiresAt` says; null when it does not. */
  answerExpiry(
    check: CompiledCheck,
    answer: ReadinessAnswer,
    now: number,
  ): Expiry | null {
    if (
      check.expiresAfterDays === undefined ||
      answer.status === 'not-applicable' ||
      this.datedAhead(answer, now)
    ) {
      return null;
    }
    return this.expiryOf(answer.answeredAt, check.expiresAfterDays);
  }

  /** The shared results the parts of a System inherit, for one `now`. */
  inheritedResults(
    system: InheritableReadiness,
    now: number,
  ): (CheckResult | null | undefined)[] {
    let memo = this.inherited.get(system);
    if (!memo || memo.now !== now) {
      memo = { now, results: new Array(this.checkCount) };
      this.inherited.set(system, memo);
    }
    return memo.results;
  }
}
