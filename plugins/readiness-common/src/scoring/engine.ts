import { Entity } from '@backstage/catalog-model';
import {
  CheckResult,
  EntityScorecard,
  ReadinessAnswer,
  ReadinessModel,
  ReadinessRoleAssignment,
} from '../types';
import { parseReadinessAnnotations } from '../annotations';
import {
  AnnotationModel,
  scanReadinessAnnotations,
} from '../annotationGrammar';
import { ReadinessDetector } from '../detectors';
import { domainRefOf, entityRefOf, ownerRefOf, systemRefOf } from '../refs';
import { RoleEvaluation, RoleEvaluator, requirementHolds } from './roleHealth';
import { CostTable, costFindings, effectiveCostTable } from '../cost';
import { CompiledChecks } from './compiledChecks';
import { CheckResults } from './checkResults';
import { EntityCheckSources } from './checkPrecedence';
import { Detection } from './detection';
import {
  EMPTY_MAP,
  EMPTY_SET,
  EntityAnnotations,
  NO_PROBLEMS,
  byCheckId,
  byRoleId,
} from './entityAnnotations';
import { LevelRules, ScoreTally, levelOutcome } from './scoreTally';
import { asUpcoming, upcomingOutcomes } from './upcoming';
import { exemptionsByCheck, withExemption } from './exemptions';
import {
  EntityScoringInput,
  InheritableReadiness,
  ScoringContext,
} from './scoringInput';

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

  constructor(model: ReadinessModel, detectors: ReadinessDetector[] = []) {
    this.model = model;
    const checksById = new Map(model.checks.map(c => [c.id, c]));
    this.checkIds = new Set(checksById.keys());
    this.annotationModel = {
      checks: checksById,
      roleIds: new Set(model.roles.map(r => r.id)),
    };
    this.checkIndex = new Map(model.checks.map((c, i) => [c.id, i]));
    this.roleEvaluator = new RoleEvaluator(model.roles);
    this.conditionalRoles = model.roles.filter(
      r => r.required && r.requiredWhen,
    );
    this.levelIndex = new Map(model.levels.map((l, i) => [l.id, i]));
    this.detection = new Detection(detectors, this.checkIndex);
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

  /** Whether any check applies to entities of this kind. */
  appliesTo(kind: string): boolean {
    return this.compiled.forKind(kind.toLowerCase()).checkCount > 0;
  }

  /**
   * What a System hands down to its parts: its own portal answers over its
   * annotation answers, and likewise for roles.
   */
  inheritableFrom(
    system: Entity,
    portalAnswers?: ReadinessAnswer[],
    portalRoles?: ReadinessRoleAssignment[],
    costTable?: CostTable,
  ): InheritableReadiness {
    const parsed = parseReadinessAnnotations(system, this.annotationModel);
    const answers = new Map<string, ReadinessAnswer>();
    // The System's cost table answers the cost checks it does not answer itself.
    const cost = effectiveCostTable(system, costTable, []);
    for (const finding of cost ? costFindings(cost) : []) {
      if (this.checkIds.has(finding.checkId)) {
        answers.set(finding.checkId, { ...finding, source: 'automatic' });
      }
    }
    for (const [checkId, answer] of parsed.answers) {
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

  /** Scores one entity. Never throws on bad annotations. */
  score(input: EntityScoringInput, context: ScoringContext): EntityScorecard {
    const { entity, system: inheritable } = input;
    const kind = entity.kind.toLowerCase();
    const parsed = new EntityAnnotations(this.checkIndex);
    scanReadinessAnnotations(
      entity,
      this.annotationModel,
      parsed,
      parsed.problems,
    );
    const costTable = effectiveCostTable(
      entity,
      input.costTable,
      parsed.problems,
    );
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

    const problemsByCheck = parsed.problemsByCheck();
    const levels = this.model.levels;
    const checks: CheckResult[] = new Array(compiled.checkCount);
    let checkCount = 0;
    const tally = new ScoreTally(levels.length);
    const exemptions = exemptionsByCheck(input.exemptions);
    for (const category of compiled.categories) {
      for (const check of category.checks) {
        const problems = problemsByCheck?.get(check.id) ?? NO_PROBLEMS;
        let result = sources.resolve(check, problems, roleEvaluation);
        if (exemptions) {
          result = withExemption(result, exemptions.get(check.id), now);
        }
        if (check.effectiveFromMs > now) result = asUpcoming(check, result);
        checks[checkCount++] = result;
        tally.add(check, result);
      }
      tally.endCategory(category.id);
    }
    const { firstBlocked } = tally;

    const lifecycle =
      typeof entity.spec?.lifecycle === 'string'
        ? entity.spec.lifecycle
        : undefined;
    const production = lifecycle === 'production';
    const minimumLevel = this.model.minimumProductionLevel;
    const minimumApplicableChecks = this.model.minimumApplicableChecks ?? 1;
    const rules: LevelRules = {
      levels,
      minimumApplicableChecks,
      minimumIdx:
        minimumLevel !== undefined
          ? this.levelIndex.get(minimumLevel) ?? 0
          : -1,
      production,
    };
    // Upcoming checks count neither as applicable nor as N/A.
    // Exempt ones are not applicable for the time being.
    const applicableChecks =
      checkCount -
      tally.notApplicableChecks -
      tally.upcomingChecks -
      tally.exemptChecks;
    const { applicable, level, passed } = levelOutcome(
      rules,
      checkCount,
      applicableChecks,
      firstBlocked,
    );
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
    const title = entity.metadata.title;
    if (typeof title === 'string') scorecard.title = title;
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
}
