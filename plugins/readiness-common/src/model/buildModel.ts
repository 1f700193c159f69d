import {
  ReadinessCategory,
  ReadinessCheck,
  ReadinessLevel,
  ReadinessModel,
} from '../types';
import { defaultCategories } from './categories';
import { defaultChecks } from './checks';
import { defaultLevels } from './levels';
import { defaultRoles, ReadinessRoleDefinition } from './roles';
import {
  parseReadinessModelConfig,
  ReadinessConfigError,
  ReadinessModelConfig,
} from './config';

/** Checks and categories contributed by backend modules. @public */
export interface ReadinessContributions {
  categories?: ReadinessCategory[];
  checks?: ReadinessCheck[];
  /** Detector ids per check id, so the model says which checks are automatic. */
  detectorsByCheck?: Record<string, string[]>;
}

/** @public */
export interface BuildReadinessModelOptions {
  /** The raw `readiness` config value; validated here. */
  config?: unknown;
  contributions?: ReadinessContributions;
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map(item => [item.id, item]));
}

function addUnique<T extends { id: string }>(
  target: Map<string, T>,
  items: T[] | undefined,
  what: string,
  where: string,
  problems: string[],
) {
  items?.forEach((item, index) => {
    if (target.has(item.id)) {
      problems.push(
        `${where}[${index}].id: ${what} '${item.id}' already exists`,
      );
    } else {
      target.set(item.id, item);
    }
  });
}

/**
 * Builds the effective checklist: the built-in model, plus contributed and
 * custom checks, with configured overrides applied and disabled checks and
 * roles removed. Throws {@link ReadinessConfigError} naming every bad path.
 * @public
 */
export function buildReadinessModel(
  options: BuildReadinessModelOptions = {},
): ReadinessModel {
  const config: ReadinessModelConfig = parseReadinessModelConfig(
    options.config,
  );
  const problems: string[] = [];

  const levels: ReadinessLevel[] = config.levels ?? defaultLevels;
  const levelIds = new Set(levels.map(l => l.id));
  if (levelIds.size !== levels.length) {
    problems.push('readiness.levels: level ids must be unique');
  }

  const categories = byId(defaultCategories);
  addUnique(
    categories,
    options.contributions?.categories,
    'category',
    'contributed categories',
    problems,
  );
  addUnique(
    categories,
    config.categories,
    'category',
    'readiness.categories',
    problems,
  );

  const checks = byId(defaultChecks);
  addUnique(
    checks,
    options.contributions?.checks,
    'check',
    'contributed checks',
    problems,
  );
  const lowestLevel = levels[0].id;
  addUnique(
    checks,
    config.checks?.custom?.map(c => ({
      weight: 1,
      gate: false,
      level: lowestLevel,
      appliesTo: ['component', 'system', 'resource'],
      roles: [],
      guidance: '',
      ...c,
    })),
    'check',
    'readiness.checks.custom',
    problems,
  );

  for (const [id, override] of Object.entries(config.checks?.overrides ?? {})) {
    const check = checks.get(id);
    if (!check) {
      problems.push(`readiness.checks.overrides.${id}: unknown check '${id}'`);
      continue;
    }
    checks.set(id, { ...check, ...override });
  }
  for (const [index, id] of (config.checks?.disabled ?? []).entries()) {
    if (!checks.delete(id)) {
      problems.push(
        `readiness.checks.disabled[${index}]: unknown check '${id}'`,
      );
    }
  }

  const roles = byId<ReadinessRoleDefinition>(defaultRoles);
  addUnique(
    roles,
    config.roles?.custom?.map(r => ({ required: true, ...r })),
    'role',
    'readiness.roles.custom',
    problems,
  );
  for (const [id, override] of Object.entries(config.roles?.overrides ?? {})) {
    const role = roles.get(id);
    if (!role) {
      problems.push(`readiness.roles.overrides.${id}: unknown role '${id}'`);
      continue;
    }
    roles.set(id, { ...role, ...override });
  }
  for (const [index, id] of (config.roles?.disabled ?? []).entries()) {
    if (!roles.delete(id)) {
      problems.push(`readiness.roles.disabled[${index}]: unknown role '${id}'`);
    }
  }

  // Cross-references are checked on the final model, so an override can fix
  // what a contribution got wrong and a disabled role drops out of checks.
  const detectorsByCheck = options.contributions?.detectorsByCheck ?? {};
  const finalChecks: ReadinessCheck[] = [];
  for (const check of checks.values()) {
    const where = `check '${check.id}'`;
    if (!categories.has(check.category)) {
      problems.push(`${where}: unknown category '${check.category}'`);
    }
    if (!levelIds.has(check.level)) {
      problems.push(`${where}: unknown level '${check.level}'`);
    }
    if (!(check.weight > 0)) {
      problems.push(`${where}: weight must be greater than 0`);
    }
    const unknownRoles = check.roles.filter(
      r => !roles.has(r) && !defaultRoles.some(d => d.id === r),
    );
    if (unknownRoles.length) {
      problems.push(`${where}: unknown roles ${unknownRoles.join(', ')}`);
    }
    const detectors = detectorsByCheck[check.id];
    finalChecks.push({
      ...check,
      roles: check.roles.filter(r => roles.has(r)),
      ...(detectors?.length ? { detectors: [...detectors] } : {}),
    });
  }

  let minimumProductionLevel: string | undefined = lowestLevel;
  if (config.minimumProductionLevel === false) {
    minimumProductionLevel = undefined;
  } else if (config.minimumProductionLevel !== undefined) {
    minimumProductionLevel = config.minimumProductionLevel;
    if (!levelIds.has(minimumProductionLevel)) {
      problems.push(
        `readiness.minimumProductionLevel: unknown level '${minimumProductionLevel}'`,
      );
    }
  }

  if (problems.length) {
    throw new ReadinessConfigError(problems);
  }

  const usedCategories = new Set(finalChecks.map(c => c.category));
  return {
    categories: [...categories.values()].filter(c => usedCategories.has(c.id)),
    levels,
    checks: finalChecks,
    roles: [...roles.values()].map(role => ({
      ...role,
      checks: finalChecks.filter(c => c.roles.includes(role.id)).map(c => c.id),
    })),
    minimumProductionLevel,
  };
}
