import { Entity } from '@backstage/catalog-model';
import {
  CheckResult,
  CheckStatus,
  ReadinessAnswer,
  ValidationProblem,
} from '../types';
import { DetectorFinding } from '../detectors';
import { CostTable } from '../cost';
import { RoleEvaluation, roleHealthStatus } from './roleHealth';
import { pointsFor } from './points';
import { CompiledCheck } from './compiledChecks';
import { CheckResults, Expiry } from './checkResults';
import { COST_CHECK_IDS, Detection } from './detection';
import { EntityAnnotations, NO_PROBLEMS } from './entityAnnotations';
import { InheritableReadiness, ScoringContext } from './scoringInput';

/** Where one entity's answers come from, as {@link EntityCheckSources} reads them. */
export interface EntitySources {
  entity: Entity;
  context: ScoringContext;
  costTable: CostTable | undefined;
  /**
   * The problem of a malformed cost annotation when no portal table stands
   * in for it: it answers the cost-table checks (unknown), as a malformed
   * check annotation does, rather than leaving them to detectors or the
   * System's table.
   */
  costProblem?: ValidationProblem;
  portal: ReadonlyMap<string, ReadinessAnswer>;
  pushed: ReadonlyMap<string, ReadinessAnswer>;
  annotations: EntityAnnotations;
  inheritable: InheritableReadiness | undefined;
  now: number;
}

/**
 * One entity's answers from every source, resolved per check by the
 * precedence: role health (for checks scored by it) → portal answer →
 * annotation → automatic (pushed result, then detectors) → the System's
 * answer → unknown. What is costly (role health, detectors, the System's
 * shared results) is computed once per entity, and only when a check needs it.
 */
export class EntityCheckSources {
  // Most entities have no portal answers, pushed results or invalid
  // annotations: resolve() skips those lookups.
  private readonly hasPortal: boolean;
  private readonly hasPushed: boolean;
  private readonly systemAnswers:
    | ReadonlyMap<string, ReadinessAnswer>
    | undefined;
  private roleHealth: CheckStatus | undefined;
  /** The earliest expiry of the entity's own answers that `statusOf` read. */
  private earliestExpiry: Expiry | undefined;
  private findings: (DetectorFinding | undefined)[] | undefined;
  private inherited: (CheckResult | null | undefined)[] | undefined;

  constructor(
    private readonly sources: EntitySources,
    private readonly results: CheckResults,
    private readonly detection: Detection,
    private readonly checkIndex: ReadonlyMap<string, number>,
  ) {
    this.hasPortal = sources.portal.size > 0;
    this.hasPushed = sources.pushed.size > 0;
    this.systemAnswers = sources.inheritable?.answers.size
      ? sources.inheritable.answers
      : undefined;
  }

  /**
   * Whether the answer a check gets (before expiry) is N/A; for
   * `requiredWhen`. Taken in {@link resolve}'s order: a malformed
   * annotation answers (unknown), and nothing below the answer counts; a
   * detector's finding comes before the System's answer.
   */
  isNotApplicable(checkId: string): boolean {
    const { portal, annotations, pushed } = this.sources;
    const index = this.checkIndex.get(checkId);
    const own =
      portal.get(checkId) ??
      (index === undefined ? undefined : annotations.answers?.[index]);
    if (own || (index !== undefined && annotations.invalid?.[index])) {
      return this.answersNotApplicable(own);
    }
    const pushedAnswer = pushed.get(checkId);
    if (pushedAnswer) return this.answersNotApplicable(pushedAnswer);
    if (this.costAnswered(checkId)) return false;
    const found =
      index !== undefined && this.detection.covers(checkId)
        ? this.detectorFindings()[index]
        : undefined;
    if (found) return found.status === 'not-applicable';
    return this.answersNotApplicable(this.systemAnswers?.get(checkId));
  }

  private answersNotApplicable(answer: ReadinessAnswer | undefined) {
    return (
      answer?.status === 'not-applicable' &&
      !this.results.datedAhead(answer, this.sources.now)
    );
  }

  /** What the cost table and the detectors find, computed once per entity. */
  private detectorFindings() {
    return (this.findings ??= this.detection.findings(
      this.sources.entity,
      this.sources.context,
      this.sources.costTable,
    ));
  }

  /** The result of one check for this entity. */
  resolve(
    check: CompiledCheck,
    problems: ValidationProblem[],
    roleEvaluation: RoleEvaluation,
  ): CheckResult {
    const id = check.id;
    const now = this.sources.now;
    const results = this.results;
    if (check.byRoleHealth) {
      this.roleHealth ??= roleHealthStatus(roleEvaluation);
      return {
        checkId: id,
        status: this.roleHealth,
        points: pointsFor(this.roleHealth),
        source: 'role-health',
        problems,
      };
    }
    const { portal, pushed, annotations } = this.sources;
    const portalAnswer = this.hasPortal ? portal.get(id) : undefined;
    const annotationAnswer = annotations.answers?.[check.index];
    if (portalAnswer) {
      const result = results.resultOf(
        check,
        portalAnswer,
        'portal',
        problems,
        now,
      );
      if (annotationAnswer && portalAnswer.status !== annotationAnswer.status) {
        result.conflict = {
          portal: portalAnswer,
          annotation: annotationAnswer,
        };
      }
      return result;
    }
    if (annotationAnswer || annotations.invalid?.[check.index]) {
      return results.resultOf(
        check,
        annotationAnswer,
        'annotation',
        problems,
        now,
      );
    }
    const pushedAnswer = this.hasPushed ? pushed.get(id) : undefined;
    if (pushedAnswer) {
      return results.resultOf(check, pushedAnswer, 'automatic', problems, now);
    }
    if (this.costAnswered(id)) {
      return results.resultOf(
        check,
        undefined,
        'none',
        [...problems, this.sources.costProblem!],
        now,
      );
    }
    // Detectors run once per entity, only when a check needs them.
    const found = check.hasDetectors
      ? this.detectorFindings()[check.index]
      : undefined;
    if (found) {
      const answer: ReadinessAnswer = {
        checkId: id,
        status: found.status,
        note: found.note,
        source: 'automatic',
      };
      if (found.evidenceUrl) answer.evidenceUrl = found.evidenceUrl;
      return results.resultOf(check, answer, 'automatic', problems, now);
    }
    if (this.systemAnswers) {
      return this.inheritedResult(check, problems);
    }
    return problems === NO_PROBLEMS
      ? check.unknown
      : results.resultOf(check, undefined, 'none', problems, now);
  }

  /**
   * The status `resolve` gives a check, without building its result: the
   * same precedence, for the summary of an entity.
   */
  statusOf(check: CompiledCheck, roleEvaluation: RoleEvaluation): CheckStatus {
    if (check.byRoleHealth) {
      return (this.roleHealth ??= roleHealthStatus(roleEvaluation));
    }
    const id = check.id;
    const { portal, pushed, annotations } = this.sources;
    const portalAnswer = this.hasPortal ? portal.get(id) : undefined;
    if (portalAnswer) return this.ownStatus(check, portalAnswer);
    const annotationAnswer = annotations.answers?.[check.index];
    if (annotationAnswer) return this.ownStatus(check, annotationAnswer);
    if (annotations.invalid?.[check.index]) return 'unknown';
    const pushedAnswer = this.hasPushed ? pushed.get(id) : undefined;
    if (pushedAnswer) return this.ownStatus(check, pushedAnswer);
    if (this.costAnswered(id)) return 'unknown';
    const found = check.hasDetectors
      ? this.detectorFindings()[check.index]
      : undefined;
    // A finding has no answer date: it never expires.
    if (found) return found.status;
    if (this.systemAnswers) {
      return this.sharedInherited(check)?.status ?? 'unknown';
    }
    return 'unknown';
  }

  /** Whether the entity's malformed cost annotation answers the check. */
  private costAnswered(checkId: string) {
    return (
      this.sources.costProblem !== undefined && COST_CHECK_IDS.has(checkId)
    );
  }

  /** The status of one of the entity's own answers, noting when it expires. */
  private ownStatus(check: CompiledCheck, answer: ReadinessAnswer) {
    const now = this.sources.now;
    const expiry =
      check.expiresAfterDays === undefined
        ? null
        : this.results.answerExpiry(check, answer, now);
    if (!expiry) return this.results.statusOf(check, answer, now);
    const earliest = this.earliestExpiry;
    if (!earliest || expiry.ms < earliest.ms) this.earliestExpiry = expiry;
    // An answer with an expiry is dated and applies: `statusOf` without
    // looking its date up again.
    return expiry.ms <= now ? 'expired' : answer.status;
  }

  /**
   * When the first of the entity's own answers read by `statusOf` expires
   * (or expired), as the earliest `expiresAt` of its scorecard's results
   * that are not inherited (see `nextOwnExpiryOf`).
   */
  nextOwnExpiry(): string | undefined {
    return this.earliestExpiry?.iso;
  }

  /** The result every part of a System inherits for a check, shared; null when the System has no answer. */
  private sharedInherited(check: CompiledCheck): CheckResult | null {
    const inheritable = this.sources.inheritable!;
    const now = this.sources.now;
    this.inherited ??= this.results.inheritedResults(inheritable, now);
    let shared = this.inherited[check.index];
    if (shared === undefined) {
      const answer = this.systemAnswers!.get(check.id);
      shared = answer
        ? Object.freeze(
            this.results.resultOf(
              check,
              answer,
              'inherited',
              NO_PROBLEMS,
              now,
              inheritable.entityRef,
            ),
          )
        : null;
      this.inherited[check.index] = shared;
    }
    return shared;
  }

  /** Every part of a System inherits the same result: share it. */
  private inheritedResult(
    check: CompiledCheck,
    problems: ValidationProblem[],
  ): CheckResult {
    const now = this.sources.now;
    const results = this.results;
    const shared = this.sharedInherited(check);
    if (shared === null) {
      return problems === NO_PROBLEMS
        ? check.unknown
        : results.resultOf(check, undefined, 'none', problems, now);
    }
    return problems === NO_PROBLEMS
      ? shared
      : results.resultOf(
          check,
          shared.answer,
          'inherited',
          problems,
          now,
          this.sources.inheritable!.entityRef,
        );
  }
}
