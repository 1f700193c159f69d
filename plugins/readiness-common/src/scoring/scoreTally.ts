import { Entity } from '@backstage/catalog-model';
import {
  CategoryScore,
  CheckStatus,
  ReadinessLevel,
  ReadinessModel,
  Risk,
} from '../types';
import { CompiledCheck } from './compiledChecks';
import { pointsFor, roundScore } from './points';

/**
 * Adds up an entity's check results as they are resolved: points and
 * counts per category, the totals, and the lowest level a failing gate
 * check blocks.
 */
export class ScoreTally {
  /** Each category's score and counts, for a scorecard. */
  readonly categories: CategoryScore[] = [];
  /** Or, for a summary, each category's score alone (a rollup member's record). */
  readonly categoryScores: Record<string, number | null> | undefined;
  totalWeight = 0;
  totalPoints = 0;
  gateFailures = 0;
  notApplicableChecks = 0;
  /** Checks waived by an exemption in force: not applicable for the time being. */
  exemptChecks = 0;
  /** Staged checks before their date: counted nowhere but here. */
  upcomingChecks = 0;
  /** Staged checks before their date, with the status each would have. */
  staged: { check: CompiledCheck; wouldBe: CheckStatus }[] | undefined;
  /** The lowest level with a failing gate check, and those checks. */
  firstBlocked: number;
  missing: string[] = [];

  private met = 0;
  private partiallyMet = 0;
  private notMet = 0;
  private notApplicable = 0;
  private unknown = 0;
  private expired = 0;
  private exempt = 0;
  private upcoming = 0;
  private weight = 0;
  private points = 0;
  private risk: Risk = 'none';

  constructor(levelCount: number, scoresOnly = false) {
    this.firstBlocked = levelCount;
    if (scoresOnly) this.categoryScores = {};
  }

  /**
   * Counts one check's status in the current category (a result's points are
   * always `pointsFor(status)`); `wouldBe` is an upcoming check's status.
   */
  add(check: CompiledCheck, status: CheckStatus, wouldBe?: CheckStatus) {
    if (status === 'upcoming') {
      this.upcoming++;
      this.upcomingChecks++;
      (this.staged ??= []).push({ check, wouldBe: wouldBe! });
      return;
    }
    const points = pointsFor(status);
    if (points !== null) {
      this.weight += check.weight;
      this.points += check.weight * points;
    }
    if (status === 'met') {
      this.met++;
    } else if (status === 'not-applicable') {
      this.notApplicable++;
    } else if (status === 'exempt') {
      // Waived: out of the denominator like N/A, blocking no level.
      this.exempt++;
      this.exemptChecks++;
    } else {
      if (status === 'partially-met') this.partiallyMet++;
      else if (status === 'not-met') this.notMet++;
      else if (status === 'unknown') this.unknown++;
      else if (status === 'expired') this.expired++;
      if (check.gate) {
        this.risk = 'high';
        this.gateFailures++;
        if (check.levelIndex < this.firstBlocked) {
          this.firstBlocked = check.levelIndex;
          this.missing = [check.id];
        } else if (check.levelIndex === this.firstBlocked) {
          this.missing.push(check.id);
        }
      } else if (this.risk === 'none') {
        this.risk = 'medium';
      }
    }
  }

  /** Closes the current category: records its score and starts the next. */
  endCategory(categoryId: string) {
    const { weight, points } = this;
    this.totalWeight += weight;
    this.totalPoints += points;
    this.notApplicableChecks += this.notApplicable;
    const score = weight > 0 ? roundScore((100 * points) / weight) : null;
    if (this.categoryScores) {
      this.categoryScores[categoryId] = score;
    } else {
      this.pushCategory(categoryId, score);
    }
    this.met = 0;
    this.partiallyMet = 0;
    this.notMet = 0;
    this.notApplicable = 0;
    this.unknown = 0;
    this.expired = 0;
    this.exempt = 0;
    this.upcoming = 0;
    this.weight = 0;
    this.points = 0;
    this.risk = 'none';
  }

  private pushCategory(categoryId: string, score: number | null) {
    this.categories.push({
      categoryId,
      score,
      risk: this.risk,
      counts: {
        met: this.met,
        'partially-met': this.partiallyMet,
        'not-met': this.notMet,
        'not-applicable': this.notApplicable,
        unknown: this.unknown,
        expired: this.expired,
        exempt: this.exempt,
        upcoming: this.upcoming,
      },
    });
  }

  /** The overall score, null when no check counts. */
  score(): number | null {
    return this.totalWeight > 0
      ? roundScore((100 * this.totalPoints) / this.totalWeight)
      : null;
  }
}

/** What decides an entity's level besides its checks. */
export interface LevelRules {
  levels: ReadinessLevel[];
  minimumApplicableChecks: number;
  /** Index of the level a production entity must reach; -1 for none. */
  minimumIdx: number;
  production: boolean;
}

/**
 * Level: the highest level below the lowest level with a failing gate —
 * unless too few checks apply (all N/A, say) for a level to mean anything:
 * then the entity is not assessed and has no level.
 */
export function levelOutcome(
  rules: LevelRules,
  checkCount: number,
  applicableChecks: number,
  firstBlocked: number,
) {
  const applicable =
    checkCount > 0 && applicableChecks >= rules.minimumApplicableChecks;
  const level =
    applicable && firstBlocked > 0 ? rules.levels[firstBlocked - 1].id : null;
  const passed =
    !rules.production ||
    rules.minimumIdx < 0 ||
    (applicable && firstBlocked > rules.minimumIdx);
  return { applicable, level, passed };
}

/** An entity's level, lifecycle gate and applicability, from its closed tally. */
export function entityOutcome(
  model: ReadinessModel,
  levelIndex: ReadonlyMap<string, number>,
  entity: Entity,
  tally: ScoreTally,
  checkCount: number,
) {
  const lifecycle =
    typeof entity.spec?.lifecycle === 'string'
      ? entity.spec.lifecycle
      : undefined;
  const production = lifecycle === 'production';
  const minimumLevel = model.minimumProductionLevel;
  const minimumApplicableChecks = model.minimumApplicableChecks ?? 1;
  const rules: LevelRules = {
    levels: model.levels,
    minimumApplicableChecks,
    minimumIdx:
      minimumLevel !== undefined ? levelIndex.get(minimumLevel) ?? 0 : -1,
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
    tally.firstBlocked,
  );
  return {
    rules,
    lifecycle,
    production,
    minimumLevel,
    minimumApplicableChecks,
    applicableChecks,
    applicable,
    level,
    passed,
  };
}
