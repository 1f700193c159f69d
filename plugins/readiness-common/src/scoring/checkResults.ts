import {
  CheckResult,
  CheckResultSource,
  CheckStatus,
  ReadinessAnswer,
  ValidationProblem,
} from '../types';
import { CompiledCheck } from './compiledChecks';
import { InheritableReadiness } from './scoringInput';
import { expiryDate, pointsFor } from './points';

/** When an answer expires: the instant and its ISO form. */
interface Expiry {
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

  constructor(private readonly checkCount: number) {}

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
    const status = answer.status;
    if (status !== 'not-applicable' && check.expiresAfterDays !== undefined) {
      const expiry = this.expiryOf(answer.answeredAt, check.expiresAfterDays);
      if (expiry && expiry.ms <= now) return 'expired';
    }
    return status;
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
