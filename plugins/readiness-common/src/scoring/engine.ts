import { Entity } from '@backstage/catalog-model';
import {
  CheckResult,
  CheckStatus,
  EntityScorecard,
  ReadinessAnswer,
  ReadinessModel,
  ReadinessRoleAssignment,
} from '../types';
import {
  AnnotationModel,
  annotationModelOf,
  scanReadinessAnnotations,
} from '../annotationGrammar';
import { ReadinessDetector } from '../detectors';
import { domainRefOf, entityRefOf, ownerRefOf, systemRefOf } from '../refs';
import { RoleEvaluation, RoleEvaluator, requirementHolds } from './roleHealth';
import { CostTable, costFindings, effectiveCostTable } from '../cost';
import { CompiledChecks } from './compiledChecks';
import { CheckResults } from './checkResults';
import { EntityCheckSources } from './checkPrecedence';
import { Detection, DetectorFailure } from './detection';
import {
  EMPTY_MAP,
  EMPTY_SET,
  EntityAnnotations,
  NO_PROBLEMS,
  byCheckId,
  byRoleId,
} from './entityAnnotations';
import { ScoreTally, entityOutcome } from './scoreTally';
import { asUpcoming, upcomingOutcomes } from './upcoming';
import { WAIVED, exemptionsByCheck, withExemption } from './exemptions';
import {
  exemptionEndingSoon,
  exemptionInForce,
} from '../exemptions/exemptionDates';
import { EntitySummary, rollupMemberOf, titleOf } from './entitySummary';
import {
  EntityScoringInput,
  InheritableReadiness,
  ScoringContext,
} from './scoringInput';

export type { EntitySummary } from './entitySummary';
export { nextOwnExpiryOf } from './entitySummary';
export type {
  EntityScoringInput,
  InheritableReadiness,
  ScoringContext,
} from './scoringInput';

/** Role health of an entity whose kind roles do not apply to. */
const NO_ROLES: RoleEvaluation = Object.freeze({
  roles: Object.freeze([]) as never,
  entityProblems: Object.freeze([]) as never,
  problemCount: 0,
});

/**
 * The scoring engine: pure, synchronous and shared by the backend, the
 * browser and the benchmark. Build it once per model; score many entities.
 *
 * Precedence for each check (documented in the package README and
 * implemented by {@link EntityCheckSources}): role health (for checks
 * scored by it) → portal answer → annotation → automatic (pushed result,
 * then detectors) → the System's answer → unknown.
 *
 * Results that are the same for many entities are shared frozen objects:
 * the result of an unanswered check, of an unassigned role, and what the
 * parts of a System inherit from it. Scorecards are meant to be read (and
 * serialised), not changed.
 * @public
 */
export class ReadinessEngine {
  readonly model: ReadinessModel;
  /**
   * `<id>@<version>` of each detector that declares a version: what its
   * code finds, for the backend's input fingerprints.
   */
  readonly detectorVersions: readonly string[];
  private readonly checkIds: Set<string>;
  private readonly annotationModel: AnnotationModel;
  /** Position of each check in `model.checks`. */
  private readonly checkIndex: Map<string, number>;
  private readonly roleEvaluator: RoleEvaluator;
  /** Required roles that only some entities need (`requiredWhen`). */
  private readonly conditionalRoles: ReadinessModel['roles'];
  private readonly levelIndex: Map<string, number>;
  private readonly compiled: CompiledChecks;
  private readonly detection: Detection;
  private readonly results: CheckResults;
  /** The last `now` seen and its ISO form (every scorecard of a run has it). */
  private lastNow = NaN;
  private lastNowIso = '';
  /** Annotations read by `inheritableFrom`, until the entity is scored. */
  private readonly scanned = new WeakMap<Entity, EntityAnnotations>();

  /**
   * @param options - `onDetectorFailure` hears of each detector that throws
   *   on an entity or gives a finding it cannot take; scoring goes on
   *   without that detector's findings on the entity.
   */
  constructor(
    model: ReadinessModel,
    detectors: ReadinessDetector[] = [],
    options: { onDetectorFailure?: (failure: DetectorFailure) => void } = {},
  ) {
    this.model = model;
    // Sorted: modules start in parallel, so they may register in any order.
    this.detectorVersions = detectors
      .flatMap(d => (d.version === undefined ? [] : [`${d.id}@${d.version}`]))
      .sort();
    const checksById = new Map(model.checks.map(c => [c.id, c]));
    this.checkIds = new Set(checksById.keys());
    this.annotationModel = annotationModelOf(checksById, model.roles);
    this.checkIndex = new Map(model.checks.map((c, i) => [c.id, i]));
    this.roleEvaluator = new RoleEvaluator(model.roles);
    this.conditionalRoles = model.roles.filter(
      r => r.required && r.requiredWhen,
    );
    this.levelIndex = new Map(model.levels.map((l, i) => [l.id, i]));
    this.detection = new Detection(
      detectors,
      this.checkIndex,
      options.onDetectorFailure,
    );
    this.compiled = new CompiledChecks(model, this.levelIndex, id =>
      this.detection.covers(id),
    );
    this.results = new CheckResults(model.checks.length);
  }

  /** The required roles an entity does not need (see `ReadinessRole.requiredWhen`). */
  private rolesNotRequired(
    entity: Entity,
    isNotApplicable: (checkId: string) => boolean,
  ): ReadonlySet<string> | undefined {
    let notRequired: Set<string> | undefined;
    for (const role of this.conditionalRoles) {
      if (!requirementHolds(role.requiredWhen!, entity, isNotApplicable)) {
        (notRequired ??= new Set()).add(role.id);
      }
    }
    return notRequired;
  }

  /** An entity's readiness annotations, read afresh. */
  private scan(entity: Entity): EntityAnnotations {
    const parsed = new EntityAnnotations(this.checkIndex);
    scanReadinessAnnotations(
      entity,
      this.annotationModel,
      parsed,
      parsed.problems,
    );
    return parsed;
  }

  /** Whether any check applies to entities of this kind. */
  appliesTo(kind: string): boolean {
    return this.compiled.forKind(kind.toLowerCase()).checkCount > 0;
  }

  /**
   * What a System hands down to its parts: its own portal answers over its
   * annotation answers, and likewise for roles. The annotations read here
   * are the ones the entity's next scoring uses (it does not read them
   * again), so do not change an entity in place in between.
   */
  inheritableFrom(
    system: Entity,
    portalAnswers?: ReadinessAnswer[],
    portalRoles?: ReadinessRoleAssignment[],
    costTable?: CostTable,
  ): InheritableReadiness {
    const parsed = this.scan(system);
    this.scanned.set(system, parsed);
    const answers = new Map<string, ReadinessAnswer>();
    // Its cost table answers the cost checks no annotation (even malformed) does.
    const cost = effectiveCostTable(system, costTable, []);
    for (const finding of cost ? costFindings(cost) : []) {
      const { checkId } = finding;
      if (this.checkIds.has(checkId) && !parsed.isInvalid(checkId)) {
        answers.set(finding.checkId, { ...finding, source: 'automatic' });
      }
    }
    for (const [checkId, answer] of parsed.inOrder) {
      answers.set(checkId, answer);
    }
    for (const answer of portalAnswers ?? []) {
      answers.set(answer.checkId, answer);
    }
    const roles = new Map(parsed.roles);
    for (const role of portalRoles ?? []) {
      roles.set(role.roleId, role);
    }
    return {
      entityRef: entityRefOf(system),
      domain: domainRefOf(system),
      answers,
      roles,
    };
  }

  /**
   * What scoring one entity starts from, whether its scorecard or its summary
   * is wanted: its annotations, sources, roles, problems and exemptions.
   */
  private begin(
    input: EntityScoringInput,
    context: ScoringContext,
    summary: boolean,
  ) {
    const { entity, system: inheritable } = input;
    const kind = entity.kind.toLowerCase();
    // Taken, not shared: scoring adds the cost table's problems to it.
    const parsed = this.scanned.get(entity) ?? this.scan(entity);
    this.scanned.delete(entity);
    const listed = parsed.problems.length;
    const costTable = effectiveCostTable(
      entity,
      input.costTable,
      parsed.problems,
    );
    const costProblem =
      !costTable && parsed.problems.length > listed
        ? parsed.problems[listed]
        : undefined;
    const now = context.now.getTime();
    if (now !== this.lastNow) {
      this.lastNow = now;
      this.lastNowIso = context.now.toISOString();
    }

    const sources = new EntityCheckSources(
      {
        entity,
        context,
        costTable,
        costProblem,
        portal: byCheckId(input.portalAnswers),
        pushed: byCheckId(input.automaticResults),
        annotations: parsed,
        inheritable,
        now,
      },
      this.results,
      this.detection,
      this.checkIndex,
    );

    const compiled = this.compiled.forKind(kind);
    const roleEvaluation = compiled.rolesApply
      ? this.roleEvaluator.evaluate(
          {
            portal: byRoleId(input.portalRoles),
            annotation: parsed.roles ?? EMPTY_MAP,
            invalidAnnotation: parsed.invalidRoles ?? EMPTY_SET,
            inherited: inheritable,
            notRequired: this.rolesNotRequired(entity, checkId =>
              sources.isNotApplicable(checkId),
            ),
          },
          context.catalog,
        )
      : NO_ROLES;
    return {
      entity,
      kind,
      inheritable,
      parsed,
      costTable,
      now,
      sources,
      compiled,
      roleEvaluation,
      exemptions: exemptionsByCheck(input.exemptions),
      tally: new ScoreTally(this.model.levels.length, summary),
    };
  }

  /** Scores one entity. Never throws on bad annotations. */
  score(input: EntityScoringInput, context: ScoringContext): EntityScorecard {
    const pass = this.begin(input, context, false);
    const { entity, kind, inheritable, parsed, now, sources, tally } = pass;
    const { compiled, roleEvaluation, exemptions, costTable } = pass;
    const problemsByCheck = parsed.problemsByCheck();
    const levels = this.model.levels;
    const checks: CheckResult[] = new Array(compiled.checkCount);
    let checkCount = 0;
    for (const category of compiled.categories) {
      for (const check of category.checks) {
        const problems = problemsByCheck?.get(check.id) ?? NO_PROBLEMS;
        let result = sources.resolve(check, problems, roleEvaluation);
        if (exemptions) {
          result = withExemption(result, exemptions.get(check.id), now);
        }
        if (check.effectiveFromMs > now) result = asUpcoming(check, result);
        checks[checkCount++] = result;
        tally.add(check, result.status, result.upcoming?.status);
      }
      tally.endCategory(category.id);
    }
    const { firstBlocked } = tally;
    const { rules, lifecycle, production, minimumLevel, ...outcome } =
      entityOutcome(this.model, this.levelIndex, entity, tally, checkCount);
    const { applicable, level, passed, applicableChecks } = outcome;
    const { minimumApplicableChecks } = outcome;
    const nextLevel =
      applicable && firstBlocked < levels.length
        ? { levelId: levels[firstBlocked].id, missingChecks: tally.missing }
        : undefined;

    const system = systemRefOf(entity);
    const scorecard: EntityScorecard = {
      entityRef: entityRefOf(entity),
      kind,
      score: tally.score(),
      categories: tally.categories,
      level,
      lifecycleGate: { production, minimumLevel, passed },
      gateFailures: tally.gateFailures,
      checks,
      roles: roleEvaluation.roles,
      roleHealth: roleEvaluation.entityProblems,
      roleProblems: roleEvaluation.problemCount,
      problems: parsed.problems.length ? parsed.problems : NO_PROBLEMS,
      computedAt: this.lastNowIso,
    };
    const title = titleOf(entity);
    if (title !== undefined) scorecard.title = title;
    const owner = ownerRefOf(entity);
    if (owner) scorecard.owner = owner;
    if (system) scorecard.system = system;
    const domain =
      (kind === 'system' ? domainRefOf(entity) : undefined) ??
      inheritable?.domain;
    if (domain) scorecard.domain = domain;
    if (lifecycle) scorecard.lifecycle = lifecycle;
    if (nextLevel) scorecard.nextLevel = nextLevel;
    if (!applicable) {
      scorecard.notAssessed = { applicableChecks, minimumApplicableChecks };
    }
    if (costTable) scorecard.costTable = costTable;
    if (tally.staged) {
      scorecard.upcoming = upcomingOutcomes(tally, rules, checkCount);
    }
    return scorecard;
  }

  /**
   * What a full run needs of one entity, without its scorecard: the rollup
   * member (equal to `toRollupMember(score(input, context))`) and each
   * check's status, computed without a result object per check. The
   * detailed scorecard is for when one entity is read.
   */
  summarize(input: EntityScoringInput, context: ScoringContext): EntitySummary {
    const pass = this.begin(input, context, true);
    const { entity, kind, inheritable, now, sources, tally } = pass;
    const { compiled, roleEvaluation, exemptions } = pass;
    const statuses: CheckStatus[] = new Array(compiled.checkCount);
    let wouldBe: CheckStatus[] | undefined;
    let checkCount = 0;
    let exempt = 0;
    let endingSoon = 0;
    for (const category of compiled.categories) {
      for (const check of category.checks) {
        let status = sources.statusOf(check, roleEvaluation);
        const exemption = exemptions?.get(check.id);
        const waived =
          exemption !== undefined &&
          WAIVED.has(status) &&
          exemptionInForce(exemption, now);
        if (waived) status = 'exempt';
        if (check.effectiveFromMs > now) {
          (wouldBe ??= [])[checkCount] = status;
          tally.add(check, 'upcoming', status);
          status = 'upcoming';
        } else {
          tally.add(check, status);
          // What a rollup counts of exemptions: those of checks exempt now.
          if (waived) {
            exempt++;
            if (exemptionEndingSoon(exemption!.endsOn, now)) endingSoon++;
          }
        }
        statuses[checkCount++] = status;
      }
      tally.endCategory(category.id);
    }
    const { rules, lifecycle, applicable, level, passed } = entityOutcome(
      this.model,
      this.levelIndex,
      entity,
      tally,
      checkCount,
    );
    const member = rollupMemberOf({
      entity,
      kind,
      tally,
      level,
      passed,
      roleEvaluation,
      domain:
        (kind === 'system' ? domainRefOf(entity) : undefined) ??
        inheritable?.domain,
      lifecycle,
      applicable,
      exemptions: exempt ? { active: exempt, endingSoon } : undefined,
      upcoming: tally.staged
        ? upcomingOutcomes(tally, rules, checkCount)
        : undefined,
    });
    const summary: EntitySummary = {
      member,
      checkIds: compiled.checkIds,
      statuses,
    };
    if (wouldBe) summary.wouldBe = wouldBe;
    const nextExpiry = sources.nextOwnExpiry();
    if (nextExpiry) summary.nextExpiry = nextExpiry;
    const title = titleOf(entity);
    if (title !== undefined) summary.title = title;
    return summary;
  }
}
