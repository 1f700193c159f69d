import { Entity } from '@backstage/catalog-model';
import {
  CategoryScore,
  CheckResult,
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
  CatalogLookup,
  DetectorFinding,
  ownerRefOf,
  ReadinessDetector,
  systemRefOf,
} from '../detectors';
import { entityRefOf } from '../refs';
import { evaluateRoles } from './roleHealth';
import { expiryDate, passesGate, pointsFor, roundScore } from './points';

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
  /** The entity's System, for inheritance; see {@link ReadinessEngine.inheritableFrom}. */
  system?: InheritableReadiness;
}

/** @public */
export interface ScoringContext {
  now: Date;
  catalog: CatalogLookup;
}

const STATUSES: CheckStatus[] = [
  'met',
  'partially-met',
  'not-met',
  'not-applicable',
  'unknown',
  'expired',
];
const NO_PROBLEMS: ValidationProblem[] = [];
const EMPTY_MAP: ReadonlyMap<string, never> = new Map<string, never>();

interface CompiledCategory {
  id: string;
  checks: ReadinessCheck[];
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

/**
 * The scoring engine: pure, synchronous and shared by the backend, the
 * browser and the benchmark. Build it once per model; score many entities.
 *
 * Precedence for each check (documented in the package README):
 * role health (for checks scored by it) → portal answer → annotation →
 * automatic (pushed result, then detectors) → the System's answer → unknown.
 * @public
 */
export class ReadinessEngine {
  readonly model: ReadinessModel;
  private readonly checksById: Map<string, ReadinessCheck>;
  private readonly roleIds: Set<string>;
  private readonly checksByKind = new Map<string, CompiledCategory[]>();
  private readonly detectorsByCheck = new Map<string, ReadinessDetector[]>();
  private readonly detectors: ReadinessDetector[];
  private readonly levelIndex: Map<string, number>;

  constructor(model: ReadinessModel, detectors: ReadinessDetector[] = []) {
    this.model = model;
    this.checksById = new Map(model.checks.map(c => [c.id, c]));
    this.roleIds = new Set(model.roles.map(r => r.id));
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
  private compiledFor(kind: string): CompiledCategory[] {
    let compiled = this.checksByKind.get(kind);
    if (!compiled) {
      compiled = this.model.categories
        .map(category => ({
          id: category.id,
          checks: this.model.checks.filter(
            c => c.category === category.id && c.appliesTo.includes(kind),
          ),
        }))
        .filter(c => c.checks.length > 0);
      this.checksByKind.set(kind, compiled);
    }
    return compiled;
  }

  /** Whether any check applies to entities of this kind. */
  appliesTo(kind: string): boolean {
    return this.compiledFor(kind.toLocaleLowerCase('en-US')).length > 0;
  }

  private parse(entity: Entity) {
    return parseReadinessAnnotations(entity, {
      checks: this.checksById,
      roleIds: this.roleIds,
    });
  }

  /**
   * What a System hands down to its parts: its own portal answers over its
   * annotation answers, and likewise for roles.
   */
  inheritableFrom(
    system: Entity,
    portalAnswers?: ReadinessAnswer[],
    portalRoles?: ReadinessRoleAssignment[],
  ): InheritableReadiness {
    const parsed = this.parse(system);
    const answers = new Map(parsed.answers);
    for (const answer of portalAnswers ?? []) {
      answers.set(answer.checkId, answer);
    }
    const roles = new Map(parsed.roles);
    for (const role of portalRoles ?? []) {
      roles.set(role.roleId, role);
    }
    const domain = system.spec?.domain;
    return {
      entityRef: entityRefOf(system),
      domain:
        typeof domain === 'string'
          ? `domain:${
              system.metadata.namespace ?? 'default'
            }/${domain}`.toLocaleLowerCase('en-US')
          : undefined,
      answers,
      roles,
    };
  }

  /** Scores one entity. Never throws on bad annotations. */
  score(input: EntityScoringInput, context: ScoringContext): EntityScorecard {
    const { entity } = input;
    const kind = entity.kind.toLocaleLowerCase('en-US');
    const entityRef = entityRefOf(entity);
    const parsed = this.parse(entity);
    const portal = byCheckId(input.portalAnswers);
    const pushed = byCheckId(input.automaticResults);
    const now = context.now.getTime();

    const roleEvaluation = evaluateRoles(
      this.model.roles,
      {
        portal: byRoleId(input.portalRoles),
        annotation: parsed.roles,
        invalidAnnotation: parsed.invalidRoles,
        inherited: input.system
          ? { entityRef: input.system.entityRef, roles: input.system.roles }
          : undefined,
      },
      context.catalog,
    );
    const roleProblems =
      roleEvaluation.entityProblems.length +
      roleEvaluation.roles.reduce((n, r) => n + r.problems.length, 0);

    let findings: Map<string, DetectorFinding> | undefined;
    const detectorFinding = (checkId: string) => {
      if (!findings) {
        findings = new Map();
        for (const detector of this.detectors) {
          for (const finding of detector.detect(entity, context)) {
            // The first detector to answer a check wins; detectors are ordered by registration.
            if (!findings.has(finding.checkId)) {
              findings.set(finding.checkId, finding);
            }
          }
        }
      }
      return findings.get(checkId);
    };

    const problemsByCheck = new Map<string, ValidationProblem[]>();
    for (const problem of parsed.problems) {
      if (problem.checkId) {
        const list = problemsByCheck.get(problem.checkId) ?? [];
        list.push(problem);
        problemsByCheck.set(problem.checkId, list);
      }
    }

    const checks: CheckResult[] = [];
    const categories: CategoryScore[] = [];
    let totalWeight = 0;
    let totalPoints = 0;
    let gateFailures = 0;
    const failingGateLevels: number[] = [];
    const missingByLevel = new Map<number, string[]>();

    for (const category of this.compiledFor(kind)) {
      const counts = Object.fromEntries(STATUSES.map(s => [s, 0])) as Record<
        CheckStatus,
        number
      >;
      let weight = 0;
      let points = 0;
      let risk: Risk = 'none';
      for (const check of category.checks) {
        const result = this.evaluateCheck(check, {
          portal: portal.get(check.id),
          annotation: parsed.answers.get(check.id),
          annotationInvalid: parsed.invalidChecks.has(check.id),
          pushed: pushed.get(check.id),
          detectorFinding,
          system: input.system,
          roleHealth: () => {
            const required = roleEvaluation.roles.filter(r => r.required);
            const assigned = required.filter(r => r.holders.length > 0).length;
            if (required.length === 0) {
              return 'not-applicable';
            }
            if (assigned === required.length && roleProblems === 0) {
              return 'met';
            }
            return assigned === 0 ? 'not-met' : 'partially-met';
          },
          now,
          problems: problemsByCheck.get(check.id) ?? NO_PROBLEMS,
        });
        checks.push(result);
        counts[result.status]++;
        if (result.points !== null) {
          weight += check.weight;
          points += check.weight * result.points;
        }
        if (!passesGate(result.status)) {
          if (check.gate) {
            risk = 'high';
            gateFailures++;
            const levelIdx = this.levelIndex.get(check.level) ?? 0;
            failingGateLevels.push(levelIdx);
            const missing = missingByLevel.get(levelIdx) ?? [];
            missing.push(check.id);
            missingByLevel.set(levelIdx, missing);
          } else if (risk === 'none') {
            risk = 'medium';
          }
        }
      }
      totalWeight += weight;
      totalPoints += points;
      categories.push({
        categoryId: category.id,
        score: weight > 0 ? roundScore((100 * points) / weight) : null,
        risk,
        counts,
      });
    }

    // Level: the highest level below the lowest level with a failing gate.
    const levels = this.model.levels;
    const firstBlocked = failingGateLevels.length
      ? Math.min(...failingGateLevels)
      : levels.length;
    const applicable = checks.length > 0;
    const level =
      applicable && firstBlocked > 0 ? levels[firstBlocked - 1].id : null;
    const nextLevel =
      applicable && firstBlocked < levels.length
        ? {
            levelId: levels[firstBlocked].id,
            missingChecks: missingByLevel.get(firstBlocked) ?? [],
          }
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
    const ownDomain =
      kind === 'system' && typeof entity.spec?.domain === 'string'
        ? `domain:${entity.metadata.namespace ?? 'default'}/${
            entity.spec.domain
          }`.toLocaleLowerCase('en-US')
        : undefined;
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
      problems: parsed.problems,
      computedAt: context.now.toISOString(),
    };
    const title = entity.metadata.title;
    if (typeof title === 'string') scorecard.title = title;
    const owner = ownerRefOf(entity);
    if (owner) scorecard.owner = owner;
    if (system) scorecard.system = system;
    const domain = ownDomain ?? input.system?.domain;
    if (domain) scorecard.domain = domain;
    if (lifecycle) scorecard.lifecycle = lifecycle;
    if (nextLevel) scorecard.nextLevel = nextLevel;
    return scorecard;
  }

  private evaluateCheck(
    check: ReadinessCheck,
    s: {
      portal?: ReadinessAnswer;
      annotation?: ReadinessAnswer;
      annotationInvalid: boolean;
      pushed?: ReadinessAnswer;
      detectorFinding: (checkId: string) => DetectorFinding | undefined;
      system?: InheritableReadiness;
      roleHealth: () => CheckStatus;
      now: number;
      problems: ValidationProblem[];
    },
  ): CheckResult {
    if (check.scoredBy === 'role-health') {
      const status = s.roleHealth();
      return {
        checkId: check.id,
        status,
        points: pointsFor(status),
        source: 'role-health',
        problems: s.problems,
      };
    }

    let answer: ReadinessAnswer | undefined;
    let source: CheckResult['source'] = 'none';
    let inheritedFrom: string | undefined;
    if (s.portal) {
      answer = s.portal;
      source = 'portal';
    } else if (s.annotation || s.annotationInvalid) {
      answer = s.annotation;
      source = 'annotation';
    } else if (s.pushed) {
      answer = s.pushed;
      source = 'automatic';
    } else {
      const finding = this.detectorsByCheck.has(check.id)
        ? s.detectorFinding(check.id)
        : undefined;
      if (finding) {
        answer = {
          checkId: check.id,
          status: finding.status,
          note: finding.note,
          source: 'automatic',
        };
        if (finding.evidenceUrl) answer.evidenceUrl = finding.evidenceUrl;
      } else if (s.system?.answers.has(check.id)) {
        answer = s.system.answers.get(check.id);
        source = 'inherited';
        inheritedFrom = s.system.entityRef;
      }
      if (finding) source = 'automatic';
    }

    let status: CheckStatus = answer ? answer.status : 'unknown';
    const result: CheckResult = {
      checkId: check.id,
      status,
      points: null,
      source,
      problems: s.problems,
    };
    if (answer) result.answer = answer;
    if (inheritedFrom) result.inheritedFrom = inheritedFrom;
    if (s.portal && s.annotation && s.portal.status !== s.annotation.status) {
      result.conflict = { portal: s.portal, annotation: s.annotation };
    }
    if (answer && status !== 'not-applicable') {
      const expiresAt = expiryDate(answer.answeredAt, check.expiresAfterDays);
      if (expiresAt) {
        result.expiresAt = expiresAt;
        if (Date.parse(expiresAt) <= s.now) {
          status = 'expired';
          result.status = status;
          result.expiredSince = expiresAt;
        }
      }
    }
    result.points = pointsFor(status);
    return result;
  }
}
