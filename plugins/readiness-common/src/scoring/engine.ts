import { Entity } from '@backstage/catalog-model';
import {
  CategoryScore,
  CheckResult,
  CheckResultSource,
  CheckStatus,
  EntityScorecard,
  ReadinessAnswer,
  ReadinessCheck,
  ReadinessModel,
  ReadinessRoleAssignment,
  Risk,
  ValidationProblem,
} from '../types';
import { parseReadinessAnnotations } from '../annotations';
import {
  AnnotationModel,
  AnnotationSink,
  scanReadinessAnnotations,
} from '../annotationGrammar';
import {
  CatalogLookup,
  DetectorFinding,
  ReadinessDetector,
} from '../detectors';
import { domainRefOf, entityRefOf, ownerRefOf, systemRefOf } from '../refs';
import {
  RoleEvaluation,
  RoleEvaluator,
  requirementHolds,
  roleHealthStatus,
} from './roleHealth';
import {
  COST_TABLE_CHECKS,
  CostTable,
  costFindings,
  effectiveCostTable,
} from '../cost';
import { expiryDate, pointsFor, roundScore } from './points';

/**
 * What a System passes down to its components and resources: its own
 * answers and role assignments (portal before annotation).
 * @public
 */
export interface InheritableReadiness {
  entityRef: string;
  domain?: string;
  answers: ReadonlyMap<string, ReadinessAnswer>;
  roles: ReadonlyMap<string, ReadinessRoleAssignment>;
}

/** Everything the engine needs to score one entity. @public */
export interface EntityScoringInput {
  entity: Entity;
  /** Answers stored by the backend (source `portal`). */
  portalAnswers?: ReadinessAnswer[];
  /** Role assignments stored by the backend (source `portal`). */
  portalRoles?: ReadinessRoleAssignment[];
  /** Results pushed by pipelines through the backend (source `automatic`). */
  automaticResults?: ReadinessAnswer[];
  /** The cost table stored by the backend; without it, the `prodready.dev/cost` annotation's. */
  costTable?: CostTable;
  /** The entity's System, for inheritance; see {@link ReadinessEngine.inheritableFrom}. */
  system?: InheritableReadiness;
}

/** @public */
export interface ScoringContext {
  now: Date;
  /**
   * The rest of the catalog. Treated as a snapshot: results that depend only
   * on it and on a System (what the System's parts inherit) are computed once
   * per lookup object and shared, so do not change a lookup while scoring with it.
   */
  catalog: CatalogLookup;
}

const NO_PROBLEMS: ValidationProblem[] = Object.freeze([]) as never;
const EMPTY_MAP: ReadonlyMap<string, never> = new Map<string, never>();

/** A check as the hot loop needs it, compiled once per model. */
interface CompiledCheck {
  id: string;
  /** Position in `model.checks`. */
  index: number;
  weight: number;
  gate: boolean;
  levelIndex: number;
  expiresAfterDays: number | undefined;
  byRoleHealth: boolean;
  hasDetectors: boolean;
  /** The result of a check nothing answers, shared (frozen) by every entity. */
  unknown: CheckResult;
}

interface CompiledCategory {
  id: string;
  checks: CompiledCheck[];
}

interface CompiledKind {
  categories: CompiledCategory[];
  /** Number of checks over all categories. */
  checkCount: number;
  /** Whether role health is evaluated for the kind (the roles check's `appliesTo`). */
  rolesApply: boolean;
}

/** Role health of an entity whose kind roles do not apply to. */
const NO_ROLES: RoleEvaluation = Object.freeze({
  roles: Object.freeze([]) as never,
  entityProblems: Object.freeze([]) as never,
  problemCount: 0,
});

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

function byCheckId<T extends { checkId: string }>(
  items?: T[],
): ReadonlyMap<string, T> {
  if (!items?.length) {
    return EMPTY_MAP;
  }
  return new Map(items.map(i => [i.checkId, i]));
}

function byRoleId(items?: ReadinessRoleAssignment[]) {
  if (!items?.length) {
    return EMPTY_MAP as ReadonlyMap<string, ReadinessRoleAssignment>;
  }
  return new Map(items.map(i => [i.roleId, i]));
}

const EMPTY_SET: ReadonlySet<string> = new Set<string>();

const COST_CHECK_IDS: ReadonlySet<string> = new Set(
  COST_TABLE_CHECKS.map(c => c.checkId),
);

/**
 * An entity's annotations as the engine reads them: answers by check index
 * in an array, containers only when there is something to hold.
 */
class EntityAnnotations implements AnnotationSink {
  answers: (ReadinessAnswer | undefined)[] | undefined = undefined;
  invalid: boolean[] | undefined = undefined;
  roles: Map<string, ReadinessRoleAssignment> | undefined = undefined;
  invalidRoles: Set<string> | undefined = undefined;
  readonly problems: ValidationProblem[] = [];

  constructor(private readonly indexOf: ReadonlyMap<string, number>) {}

  answer(check: ReadinessCheck, answer: ReadinessAnswer) {
    (this.answers ??= [])[this.indexOf.get(check.id)!] = answer;
  }

  invalidCheck(check: ReadinessCheck) {
    (this.invalid ??= [])[this.indexOf.get(check.id)!] = true;
  }

  role(roleId: string, assignment: ReadinessRoleAssignment) {
    (this.roles ??= new Map()).set(roleId, assignment);
  }

  invalidRole(roleId: string) {
    (this.invalidRoles ??= new Set()).add(roleId);
  }
}

/**
 * The scoring engine: pure, synchronous and shared by the backend, the
 * browser and the benchmark. Build it once per model; score many entities.
 *
 * Precedence for each check (documented in the package README):
 * role health (for checks scored by it) → portal answer → annotation →
 * automatic (pushed result, then detectors) → the System's answer → unknown.
 *
 * Results that are the same for many entities are shared frozen objects:
 * the result of an unanswered check, of an unassigned role, and what the
 * parts of a System inherit from it. Scorecards are meant to be read (and
 * serialised), not changed.
 * @public
 */
export class ReadinessEngine {
  readonly model: ReadinessModel;
  private readonly checksById: Map<string, ReadinessCheck>;
  private readonly roleIds: Set<string>;
  private readonly annotationModel: AnnotationModel;
  /** Position of each check in `model.checks`. */
  private readonly checkIndex: Map<string, number>;
  private readonly roleEvaluator: RoleEvaluator;
  /** Required roles that only some entities need (`requiredWhen`). */
  private readonly conditionalRoles: ReadinessModel['roles'];
  /** Kinds the role-health checks apply to; undefined when the model has none. */
  private readonly roleHealthKinds: Set<string> | undefined;
  private readonly checksByKind = new Map<string, CompiledKind>();
  private readonly detectorsByCheck = new Map<string, ReadinessDetector[]>();
  private readonly detectors: ReadinessDetector[];
  private readonly levelIndex: Map<string, number>;
  /** Expiry per `expiresAfterDays` and `answeredAt`; bounded, cleared when full. */
  private readonly expiries = new Map<number, Map<string, Expiry | null>>();
  private expiryCount = 0;
  private readonly inherited = new WeakMap<
    InheritableReadiness,
    InheritedResults
  >();
  /** The last `now` seen and its ISO form (every scorecard of a run has it). */
  private lastNow = NaN;
  private lastNowIso = '';

  constructor(model: ReadinessModel, detectors: ReadinessDetector[] = []) {
    this.model = model;
    this.checksById = new Map(model.checks.map(c => [c.id, c]));
    this.roleIds = new Set(model.roles.map(r => r.id));
    this.annotationModel = { checks: this.checksById, roleIds: this.roleIds };
    this.checkIndex = new Map(model.checks.map((c, i) => [c.id, i]));
    this.roleEvaluator = new RoleEvaluator(model.roles);
    this.conditionalRoles = model.roles.filter(
      r => r.required && r.requiredWhen,
    );
    const roleChecks = model.checks.filter(c => c.scoredBy === 'role-health');
    this.roleHealthKinds = roleChecks.length
      ? new Set(roleChecks.flatMap(c => c.appliesTo))
      : undefined;
    this.levelIndex = new Map(model.levels.map((l, i) => [l.id, i]));
    this.detectors = detectors.filter(d =>
      d.checkIds.some(id => this.checksById.has(id)),
    );
    for (const detector of this.detectors) {
      for (const checkId of detector.checkIds) {
        const list = this.detectorsByCheck.get(checkId) ?? [];
        list.push(detector);
        this.detectorsByCheck.set(checkId, list);
      }
    }
  }

  /** The categories and checks that apply to a kind, compiled once per kind. */
  private compiledFor(kind: string): CompiledKind {
    let compiled = this.checksByKind.get(kind);
    if (!compiled) {
      const checks = this.model.checks;
      const categories = this.model.categories
        .map(category => ({
          id: category.id,
          checks: checks.flatMap((check, index) =>
            check.category === category.id && check.appliesTo.includes(kind)
              ? [this.compileCheck(check, index)]
              : [],
          ),
        }))
        .filter(c => c.checks.length > 0);
      const checkCount = categories.reduce((n, c) => n + c.checks.length, 0);
      compiled = {
        categories,
        checkCount,
        // Roles are for the kinds the roles check applies to (not Resources
        // by default); without such a check, for every scored kind.
        rolesApply: this.roleHealthKinds
          ? this.roleHealthKinds.has(kind)
          : checkCount > 0,
      };
      this.checksByKind.set(kind, compiled);
    }
    return compiled;
  }

  private compileCheck(check: ReadinessCheck, index: number): CompiledCheck {
    return {
      id: check.id,
      index,
      weight: check.weight,
      gate: check.gate,
      levelIndex: this.levelIndex.get(check.level) ?? 0,
      expiresAfterDays: check.expiresAfterDays,
      byRoleHealth: check.scoredBy === 'role-health',
      hasDetectors:
        this.detectorsByCheck.has(check.id) || COST_CHECK_IDS.has(check.id),
      unknown: Object.freeze({
        checkId: check.id,
        status: 'unknown',
        points: 0,
        source: 'none',
        problems: NO_PROBLEMS,
      }),
    };
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
    return this.compiledFor(kind.toLowerCase()).checkCount > 0;
  }

  private parse(entity: Entity) {
    return parseReadinessAnnotations(entity, this.annotationModel);
  }

  /**
   * What the entity's cost table and the detectors find, by check index;
   * the cost table first, then the first detector (in registration order)
   * to answer a check.
   */
  private detect(
    entity: Entity,
    context: ScoringContext,
    costTable: CostTable | undefined,
  ): (DetectorFinding | undefined)[] {
    const findings: (DetectorFinding | undefined)[] = [];
    for (const finding of costTable ? costFindings(costTable) : []) {
      const index = this.checkIndex.get(finding.checkId);
      if (index !== undefined) findings[index] = finding;
    }
    for (const detector of this.detectors) {
      for (const finding of detector.detect(entity, context)) {
        const index = this.checkIndex.get(finding.checkId);
        if (index !== undefined && !findings[index]) {
          findings[index] = finding;
        }
      }
    }
    return findings;
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
  private resultOf(
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

  /** The shared results the parts of a System inherit, for one `now`. */
  private inheritedResults(
    system: InheritableReadiness,
    now: number,
  ): (CheckResult | null | undefined)[] {
    let memo = this.inherited.get(system);
    if (!memo || memo.now !== now) {
      memo = { now, results: new Array(this.model.checks.length) };
      this.inherited.set(system, memo);
    }
    return memo.results;
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
    const parsed = this.parse(system);
    const answers = new Map<string, ReadinessAnswer>();
    // The System's cost table answers the cost checks it does not answer itself.
    const cost = effectiveCostTable(system, costTable, []);
    for (const finding of cost ? costFindings(cost) : []) {
      if (this.checksById.has(finding.checkId)) {
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
    const entityRef = entityRefOf(entity);
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

    // Most entities have no portal answers, pushed results or invalid
    // annotations: the loop below skips those lookups.
    const portal = byCheckId(input.portalAnswers);
    const pushed = byCheckId(input.automaticResults);
    const annotationAnswers = parsed.answers;
    const invalidAnnotations = parsed.invalid;
    const hasPortal = portal.size > 0;
    const hasPushed = pushed.size > 0;
    const systemAnswers = inheritable?.answers.size
      ? inheritable.answers
      : undefined;

    const compiled = this.compiledFor(kind);
    const roleEvaluation = compiled.rolesApply
      ? this.roleEvaluator.evaluate(
          {
            portal: byRoleId(input.portalRoles),
            annotation: parsed.roles ?? EMPTY_MAP,
            invalidAnnotation: parsed.invalidRoles ?? EMPTY_SET,
            inherited: inheritable,
            notRequired: this.rolesNotRequired(entity, checkId => {
              const index = this.checkIndex.get(checkId);
              const answer =
                portal.get(checkId) ??
                (index === undefined
                  ? undefined
                  : annotationAnswers?.[index]) ??
                pushed.get(checkId) ??
                systemAnswers?.get(checkId);
              return answer?.status === 'not-applicable';
            }),
          },
          context.catalog,
        )
      : NO_ROLES;
    const roleProblems = roleEvaluation.problemCount;
    let roleHealth: CheckStatus | undefined;
    let findings: (DetectorFinding | undefined)[] | undefined;
    let inherited: (CheckResult | null | undefined)[] | undefined;

    let problemsByCheck: Map<string, ValidationProblem[]> | undefined;
    for (const problem of parsed.problems) {
      if (problem.checkId) {
        problemsByCheck ??= new Map();
        const list = problemsByCheck.get(problem.checkId);
        if (list) list.push(problem);
        else problemsByCheck.set(problem.checkId, [problem]);
      }
    }

    const levels = this.model.levels;
    const checks: CheckResult[] = new Array(compiled.checkCount);
    let checkCount = 0;
    const categories: CategoryScore[] = [];
    let totalWeight = 0;
    let totalPoints = 0;
    let gateFailures = 0;
    let notApplicableChecks = 0;
    // The lowest level with a failing gate check, and those checks.
    let firstBlocked = levels.length;
    let missing: string[] = [];

    for (const category of compiled.categories) {
      let met = 0;
      let partiallyMet = 0;
      let notMet = 0;
      let notApplicable = 0;
      let unknown = 0;
      let expired = 0;
      let weight = 0;
      let points = 0;
      let risk: Risk = 'none';
      for (const check of category.checks) {
        const id = check.id;
        const problems = problemsByCheck?.get(id) ?? NO_PROBLEMS;
        let result: CheckResult;
        if (check.byRoleHealth) {
          roleHealth ??= roleHealthStatus(roleEvaluation);
          result = {
            checkId: id,
            status: roleHealth,
            points: pointsFor(roleHealth),
            source: 'role-health',
            problems,
          };
        } else {
          // Precedence: portal → annotation → pushed result → detectors → System → unknown.
          const portalAnswer = hasPortal ? portal.get(id) : undefined;
          const annotationAnswer = annotationAnswers?.[check.index];
          const pushedAnswer = hasPushed ? pushed.get(id) : undefined;
          let answer: ReadinessAnswer | undefined;
          if (portalAnswer) {
            result = this.resultOf(
              check,
              portalAnswer,
              'portal',
              problems,
              now,
            );
            if (
              annotationAnswer &&
              portalAnswer.status !== annotationAnswer.status
            ) {
              result.conflict = {
                portal: portalAnswer,
                annotation: annotationAnswer,
              };
            }
          } else if (annotationAnswer || invalidAnnotations?.[check.index]) {
            result = this.resultOf(
              check,
              annotationAnswer,
              'annotation',
              problems,
              now,
            );
          } else if (pushedAnswer) {
            result = this.resultOf(
              check,
              pushedAnswer,
              'automatic',
              problems,
              now,
            );
          } else {
            // Detectors run once per entity, only when a check needs them.
            const found = check.hasDetectors
              ? (findings ??= this.detect(entity, context, costTable))[
                  check.index
                ]
              : undefined;
            if (found) {
              answer = {
                checkId: id,
                status: found.status,
                note: found.note,
                source: 'automatic',
              };
              if (found.evidenceUrl) answer.evidenceUrl = found.evidenceUrl;
              result = this.resultOf(check, answer, 'automatic', problems, now);
            } else if (systemAnswers) {
              // Every part of a System inherits the same result: share it.
              inherited ??= this.inheritedResults(inheritable!, now);
              let shared = inherited[check.index];
              if (shared === undefined) {
                answer = systemAnswers.get(id);
                shared = answer
                  ? Object.freeze(
                      this.resultOf(
                        check,
                        answer,
                        'inherited',
                        NO_PROBLEMS,
                        now,
                        inheritable!.entityRef,
                      ),
                    )
                  : null;
                inherited[check.index] = shared;
              }
              if (shared === null) {
                result =
                  problems === NO_PROBLEMS
                    ? check.unknown
                    : this.resultOf(check, undefined, 'none', problems, now);
              } else {
                result =
                  problems === NO_PROBLEMS
                    ? shared
                    : this.resultOf(
                        check,
                        shared.answer,
                        'inherited',
                        problems,
                        now,
                        inheritable!.entityRef,
                      );
              }
            } else {
              result =
                problems === NO_PROBLEMS
                  ? check.unknown
                  : this.resultOf(check, undefined, 'none', problems, now);
            }
          }
        }

        checks[checkCount++] = result;
        const status = result.status;
        if (result.points !== null) {
          weight += check.weight;
          points += check.weight * result.points;
        }
        if (status === 'met') {
          met++;
        } else if (status === 'not-applicable') {
          notApplicable++;
        } else {
          if (status === 'partially-met') partiallyMet++;
          else if (status === 'not-met') notMet++;
          else if (status === 'unknown') unknown++;
          else if (status === 'expired') expired++;
          if (check.gate) {
            risk = 'high';
            gateFailures++;
            if (check.levelIndex < firstBlocked) {
              firstBlocked = check.levelIndex;
              missing = [id];
            } else if (check.levelIndex === firstBlocked) {
              missing.push(id);
            }
          } else if (risk === 'none') {
            risk = 'medium';
          }
        }
      }
      totalWeight += weight;
      totalPoints += points;
      notApplicableChecks += notApplicable;
      categories.push({
        categoryId: category.id,
        score: weight > 0 ? roundScore((100 * points) / weight) : null,
        risk,
        counts: {
          met,
          'partially-met': partiallyMet,
          'not-met': notMet,
          'not-applicable': notApplicable,
          unknown,
          expired,
        },
      });
    }

    // Level: the highest level below the lowest level with a failing gate —
    // unless too few checks apply (all N/A, say) for a level to mean
    // anything: then the entity is not assessed and has no level.
    const applicableChecks = checkCount - notApplicableChecks;
    const minimumApplicableChecks = this.model.minimumApplicableChecks ?? 1;
    const applicable =
      checkCount > 0 && applicableChecks >= minimumApplicableChecks;
    const level =
      applicable && firstBlocked > 0 ? levels[firstBlocked - 1].id : null;
    const nextLevel =
      applicable && firstBlocked < levels.length
        ? { levelId: levels[firstBlocked].id, missingChecks: missing }
        : undefined;

    const lifecycle =
      typeof entity.spec?.lifecycle === 'string'
        ? entity.spec.lifecycle
        : undefined;
    const production = lifecycle === 'production';
    const minimumLevel = this.model.minimumProductionLevel;
    const minimumIdx =
      minimumLevel !== undefined ? this.levelIndex.get(minimumLevel) ?? 0 : -1;
    const passed =
      !production ||
      minimumIdx < 0 ||
      (applicable && firstBlocked > minimumIdx);

    const system = systemRefOf(entity);
    const scorecard: EntityScorecard = {
      entityRef,
      kind,
      score:
        totalWeight > 0 ? roundScore((100 * totalPoints) / totalWeight) : null,
      categories,
      level,
      lifecycleGate: { production, minimumLevel, passed },
      gateFailures,
      checks,
      roles: roleEvaluation.roles,
      roleHealth: roleEvaluation.entityProblems,
      roleProblems,
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
    return scorecard;
  }
}
