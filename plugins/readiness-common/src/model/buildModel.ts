import {
  ReadinessCategory,
  ReadinessCheck,
  ReadinessLevel,
  ReadinessModel,
} from '../types';
import { defaultCategories } from './categories';
import { defaultChecks } from './checks';
import { SERVICE_KINDS } from './checks/checkDefinition';
import { defaultLevels } from './levels';
import { defaultRoles, ReadinessRoleDefinition } from './roles';
import { z } from 'zod';
import { catalogDetectors, ReadinessDetector } from '../detectors';
import {
  configPath,
  contributedCategorySchema,
  contributedCheckSchema,
  parseReadinessModelConfig,
  ReadinessConfigError,
  ReadinessModelConfig,
} from './config';
import { checkApplicableBound } from './applicableChecksBound';

/** Checks, categories and detectors contributed by backend modules. @public */
export interface ReadinessContributions {
  categories?: ReadinessCategory[];
  /** Validated with the rules of `readiness.checks.custom`. */
  checks?: ReadinessCheck[];
  /**
   * Detector ids per check id of detectors that are not contributed (the
   * built-in `catalogDetectors`), so the model says which checks are automatic.
   */
  detectorsByCheck?: Record<string, string[]>;
  /**
   * Contributed detectors, added after `detectorsByCheck`. An id used twice or
   * by a built-in detector, or a `checkIds` entry naming no check (built-in,
   * contributed or custom; a disabled one is fine), is a problem.
   */
  detectors?: Pick<ReadinessDetector, 'id' | 'checkIds'>[];
}

/** @public */
export interface BuildReadinessModelOptions {
  /** The raw `readiness` config value; validated here. */
  config?: unknown;
  contributions?: ReadinessContributions;
  /**
   * When the model is built (now by default): checks staged to count from a
   * later day (`effectiveFrom`) do not count yet (see `onWarning`).
   */
  now?: Date;
  /**
   * Hears of what is valid but likely a mistake, such as a
   * `minimumApplicableChecks` that only staged checks make reachable.
   */
  onWarning?: (message: string) => void;
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

  // Contributions follow the same rules as configured ones (a check id must
  // fit an annotation name, a kind is lower-case), so a bad module fails at
  // start-up. One that breaks a rule is not cross-checked below, so that one
  // mistake (level 'Silver') is not reported twice.
  const invalid = <T>(
    items: T[] | undefined,
    schema: z.ZodType,
    where: string,
  ): Set<T> => {
    const found = new Set<T>();
    items?.forEach((item, index) => {
      const result = schema.safeParse(item);
      if (!result.success) found.add(item);
      const seen = new Set<string>();
      for (const issue of result.error?.issues ?? []) {
        const path = configPath(`${where}[${index}]`, issue.path);
        if (seen.has(path)) continue;
        seen.add(path);
        // A rule's own message ("must …") follows the offending value.
        const value = issue.path.reduce<unknown>(
          (parent, key) => (parent as any)?.[key],
          item,
        );
        problems.push(
          typeof value === 'string' && issue.message.startsWith('must')
            ? `${path}: '${value}' ${issue.message}`
            : `${path}: ${issue.message}`,
        );
      }
    });
    return found;
  };
  invalid(
    options.contributions?.categories,
    contributedCategorySchema,
    'contributed categories',
  );
  const invalidChecks = invalid(
    options.contributions?.checks,
    contributedCheckSchema,
    'contributed checks',
  );

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
      appliesTo: SERVICE_KINDS,
      roles: [],
      guidance: '',
      ...c,
    })),
    'check',
    'readiness.checks.custom',
    problems,
  );

  // A detector may answer a disabled check (it drops out, as in a role's
  // condition) but not a check that never existed: that is a typo.
  const declaredCheckIds = new Set(checks.keys());
  const detectorIds = new Set([
    ...catalogDetectors.map(d => d.id),
    ...Object.values(options.contributions?.detectorsByCheck ?? {}).flat(),
  ]);
  const contributedDetectorsByCheck: Record<string, string[]> = {};
  options.contributions?.detectors?.forEach((detector, index) => {
    const where = `contributed detectors[${index}]`;
    if (detectorIds.has(detector.id)) {
      problems.push(`${where}.id: detector '${detector.id}' already exists`);
    }
    detectorIds.add(detector.id);
    detector.checkIds.forEach((id, at) => {
      if (!declaredCheckIds.has(id)) {
        problems.push(`${where}.checkIds[${at}]: unknown check '${id}'`);
      }
      (contributedDetectorsByCheck[id] ??= []).push(detector.id);
    });
  });

  for (const [id, override] of Object.entries(config.checks?.overrides ?? {})) {
    const check = checks.get(id);
    if (!check) {
      problems.push(`readiness.checks.overrides.${id}: unknown check '${id}'`);
      continue;
    }
    checks.set(id, { ...check, ...override });
  }
  // Roles are for the kinds the role-health check applies to, disabled or
  // not: turning its score off does not give every kind role problems.
  const roleKinds = [...checks.values()]
    .filter(c => c.scoredBy === 'role-health')
    .flatMap(c => c.appliesTo);
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
    config.roles?.custom?.map(({ requiredWhen, ...r }) => ({
      required: true,
      ...r,
      ...(requiredWhen ? { requiredWhen } : {}),
    })),
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
    const { requiredWhen, ...rest } = override;
    const merged = { ...role, ...rest };
    if (requiredWhen === false) delete merged.requiredWhen;
    else if (requiredWhen) merged.requiredWhen = requiredWhen;
    roles.set(id, merged);
  }
  for (const [index, id] of (config.roles?.disabled ?? []).entries()) {
    if (!roles.delete(id)) {
      problems.push(`readiness.roles.disabled[${index}]: unknown role '${id}'`);
    }
  }

  // Cross-references are checked on the final model, so an override can fix
  // what a contribution got wrong and a disabled role drops out of checks.
  const detectorsByCheck = options.contributions?.detectorsByCheck ?? {};
  const detectorsOf = (id: string) => [
    ...(detectorsByCheck[id] ?? []),
    ...(contributedDetectorsByCheck[id] ?? []),
  ];
  // Where a field of a check was set, so a problem names the config path to fix.
  const customIndex = new Map(
    (config.checks?.custom ?? []).map((c, i) => [c.id, i]),
  );
  const contributedIndex = new Map(
    (options.contributions?.checks ?? []).map((c, i) => [c.id, i]),
  );
  const pathOf = (id: string, field: string) => {
    if (config.checks?.overrides?.[id]?.[field as 'level'] !== undefined) {
      return `readiness.checks.overrides.${id}.${field}`;
    }
    if (customIndex.has(id)) {
      return `readiness.checks.custom[${customIndex.get(id)}].${field}`;
    }
    if (contributedIndex.has(id)) {
      return `contributed checks[${contributedIndex.get(id)}].${field}`;
    }
    // A built-in check whose level is gone because readiness.levels replaced them.
    return `readiness.levels (set readiness.checks.overrides.${id}.${field})`;
  };
  const finalChecks: ReadinessCheck[] = [];
  for (const check of checks.values()) {
    if (invalidChecks.has(check)) {
      finalChecks.push(check); // so that no reference to it is called unknown
      continue;
    }
    if (!categories.has(check.category)) {
      problems.push(
        `${pathOf(check.id, 'category')}: check '${
          check.id
        }' names unknown category '${check.category}'`,
      );
    }
    if (!levelIds.has(check.level)) {
      problems.push(
        `${pathOf(check.id, 'level')}: check '${
          check.id
        }' names unknown level '${check.level}'`,
      );
    }
    const unknownRoles = check.roles.filter(
      r => !roles.has(r) && !defaultRoles.some(d => d.id === r),
    );
    if (unknownRoles.length) {
      problems.push(
        `${pathOf(check.id, 'roles')}: check '${
          check.id
        }' names unknown roles ${unknownRoles.join(', ')}`,
      );
    }
    const detectors = detectorsOf(check.id);
    finalChecks.push({
      ...check,
      roles: check.roles.filter(r => roles.has(r)),
      ...(detectors.length ? { detectors } : {}),
    });
  }

  // A role's condition may name checks that are disabled (they drop out, as
  // disabled roles drop out of checks) but not checks that never existed.
  const finalCheckIds = new Set(finalChecks.map(c => c.id));
  const finalRoles: ReadinessRoleDefinition[] = [];
  for (const role of roles.values()) {
    const unless = role.requiredWhen?.unlessNotApplicable;
    if (!unless) {
      finalRoles.push(role);
      continue;
    }
    for (const checkRef of unless) {
      if (!finalCheckIds.has(checkRef) && !declaredCheckIds.has(checkRef)) {
        const custom = (config.roles?.custom ?? []).findIndex(
          r => r.id === role.id,
        );
        const path =
          custom >= 0
            ? `readiness.roles.custom[${custom}]`
            : `readiness.roles.overrides.${role.id}`;
        problems.push(
          `${path}.requiredWhen.unlessNotApplicable: unknown check '${checkRef}'`,
        );
      }
    }
    finalRoles.push({
      ...role,
      requiredWhen: {
        ...role.requiredWhen,
        unlessNotApplicable: unless.filter(c => finalCheckIds.has(c)),
      },
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

  const minimumApplicable = config.minimumApplicableChecks ?? 1;
  checkApplicableBound(
    minimumApplicable,
    finalChecks,
    options.now ?? new Date(),
    {
      problems,
      onWarning: options.onWarning,
    },
  );

  if (problems.length) {
    throw new ReadinessConfigError(problems);
  }

  const usedCategories = new Set(finalChecks.map(c => c.category));
  return {
    categories: [...categories.values()].filter(c => usedCategories.has(c.id)),
    levels,
    checks: finalChecks,
    roles: finalRoles.map(role => ({
      ...role,
      checks: finalChecks.filter(c => c.roles.includes(role.id)).map(c => c.id),
    })),
    minimumProductionLevel,
    minimumApplicableChecks: minimumApplicable,
    ...(roleKinds.length ? { roleKinds: [...new Set(roleKinds)] } : {}),
  };
}
