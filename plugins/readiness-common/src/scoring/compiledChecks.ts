import { CheckResult, ReadinessCheck, ReadinessModel } from '../types';
import { NO_PROBLEMS } from './entityAnnotations';
import { dayStartMs } from './points';

/** A check as the hot loop needs it, compiled once per model. */
export interface CompiledCheck {
  id: string;
  /** Position in `model.checks`. */
  index: number;
  weight: number;
  gate: boolean;
  levelIndex: number;
  expiresAfterDays: number | undefined;
  byRoleHealth: boolean;
  hasDetectors: boolean;
  /** A staged check's `effectiveFrom` and its first instant; before it the check is upcoming. */
  effectiveFrom: string | undefined;
  effectiveFromMs: number;
  /** The result of a check nothing answers, shared (frozen) by every entity. */
  unknown: CheckResult;
}

export interface CompiledCategory {
  id: string;
  checks: CompiledCheck[];
}

export interface CompiledKind {
  categories: CompiledCategory[];
  /** Number of checks over all categories. */
  checkCount: number;
  /** Their ids, category by category (the order of a scorecard's checks). */
  checkIds: readonly string[];
  /** Whether role health is evaluated for the kind (the roles check's `appliesTo`). */
  rolesApply: boolean;
}

/** The model's categories and checks per entity kind, compiled on first use. */
export class CompiledChecks {
  private readonly byKind = new Map<string, CompiledKind>();
  /** Kinds the role-health checks apply to; undefined when the model has none. */
  private readonly roleHealthKinds: Set<string> | undefined;

  constructor(
    private readonly model: ReadinessModel,
    private readonly levelIndex: ReadonlyMap<string, number>,
    private readonly hasDetectors: (checkId: string) => boolean,
  ) {
    const roleChecks = model.checks.filter(c => c.scoredBy === 'role-health');
    const kinds = model.roleKinds ?? roleChecks.flatMap(c => c.appliesTo);
    this.roleHealthKinds = kinds.length ? new Set(kinds) : undefined;
  }

  /** The categories and checks that apply to a (lower-case) kind. */
  forKind(kind: string): CompiledKind {
    let compiled = this.byKind.get(kind);
    if (!compiled) {
      const checks = this.model.checks;
      const categories = this.model.categories
        .map(category => ({
          id: category.id,
          checks: checks.flatMap((check, index) =>
            check.category === category.id && check.appliesTo.includes(kind)
              ? [this.compile(check, index)]
              : [],
          ),
        }))
        .filter(c => c.checks.length > 0);
      const checkCount = categories.reduce((n, c) => n + c.checks.length, 0);
      compiled = {
        categories,
        checkCount,
        checkIds: Object.freeze(
          categories.flatMap(c => c.checks.map(check => check.id)),
        ),
        // Roles are for the kinds the roles check applies to (not Resources
        // by default), disabled or not; a model without one, every kind.
        rolesApply: this.roleHealthKinds
          ? this.roleHealthKinds.has(kind)
          : checkCount > 0,
      };
      this.byKind.set(kind, compiled);
    }
    return compiled;
  }

  private compile(check: ReadinessCheck, index: number): CompiledCheck {
    return {
      id: check.id,
      index,
      weight: check.weight,
      gate: check.gate,
      levelIndex: this.levelIndex.get(check.level) ?? 0,
      expiresAfterDays: check.expiresAfterDays,
      byRoleHealth: check.scoredBy === 'role-health',
      hasDetectors: this.hasDetectors(check.id),
      effectiveFrom: check.effectiveFrom,
      effectiveFromMs: check.effectiveFrom
        ? dayStartMs(check.effectiveFrom)
        : -Infinity,
      unknown: Object.freeze({
        checkId: check.id,
        status: 'unknown',
        points: 0,
        source: 'none',
        problems: NO_PROBLEMS,
      }),
    };
  }
}
