import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  listProblems,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';

/** The checks a limited publisher may push: by id, and its categories' names. */
interface PublisherScope {
  checks: Set<string>;
  categories: string[];
}

/**
 * Which service principals may push results, and for which checks, from
 * `readiness.results.publishers`. A check pattern is a check id or a category
 * followed by `.*` (`recoverability.*`): every check of that category, as
 * the model has it (a check moved by `checks.overrides` included), whatever
 * its id starts with. A check the model no longer has (disabled, its pushed
 * results still stored) falls to the category its id names.
 */
export class ResultPublishers {
  static fromConfig(
    config: Config,
    model: ReadinessModel,
  ): ResultPublishers | undefined {
    const entries = config.getOptionalConfigArray(
      'readiness.results.publishers',
    );
    if (!entries) return undefined;
    const checkIds = new Set(model.checks.map(c => c.id));
    // Disabled checks' results stay stored, and their publishers may still
    // delete them: a pattern may name one, or a category left without checks.
    const disabled = config.getOptionalStringArray('readiness.checks.disabled');
    const disabledIn = (category: string) =>
      disabled?.some(id => id.startsWith(`${category}.`)) ? [] : undefined;
    const checksOfCategory = new Map<string, string[]>(
      model.categories.map(c => [c.id, []]),
    );
    for (const check of model.checks) {
      checksOfCategory.get(check.category)?.push(check.id);
    }
    const allowed = new Map<string, PublisherScope | undefined>();
    entries.forEach((entry, i) => {
      const path = `readiness.results.publishers[${i}]`;
      const subject = entry.getString('subject');
      const patterns = entry.getOptionalStringArray('checks');
      const scope = patterns && {
        checks: new Set<string>(),
        categories: [] as string[],
      };
      for (const pattern of patterns ?? []) {
        const category = pattern.endsWith('.*') && pattern.slice(0, -2);
        const matched = category
          ? checksOfCategory.get(category) ?? disabledIn(category)
          : (checkIds.has(pattern) || disabled?.includes(pattern)) && [pattern];
        if (!matched) {
          throw new Error(
            `Invalid config at ${path}.checks: '${pattern}' names no check or category of the readiness model`,
          );
        }
        matched.forEach(id => scope!.checks.add(id));
        if (category) scope!.categories.push(category);
      }
      if (allowed.has(subject)) {
        throw new Error(
          `Invalid config at ${path}.subject: '${subject}' is listed twice`,
        );
      }
      allowed.set(subject, scope);
    });
    return new ResultPublishers(allowed, checkIds);
  }

  private constructor(
    /** Per subject, what it may push; undefined: every check. */
    private readonly allowed: Map<string, PublisherScope | undefined>,
    private readonly modelChecks: ReadonlySet<string>,
  ) {}

  private mayTouch(scope: PublisherScope, checkId: string) {
    if (scope.checks.has(checkId)) return true;
    return (
      !this.modelChecks.has(checkId) &&
      scope.categories.some(c => checkId.startsWith(`${c}.`))
    );
  }

  /**
   * Throws unless `subject` may delete pushed results of these checks; a
   * service limited to some checks must name them.
   */
  assertMayDelete(subject: string, checkIds: string[] | undefined) {
    if (checkIds === undefined && this.allowed.get(subject)) {
      throw new NotAllowedError(
        `The service '${subject}' may push results for some checks only; name them with checkId`,
      );
    }
    this.assertMayPush(subject, checkIds ?? []);
  }

  /**
   * Throws unless `subject` is a publisher at all: what a request may not
   * do whatever it sends, so it is decided before its input is read.
   */
  assertIsPublisher(subject: string) {
    if (!this.allowed.has(subject)) {
      throw new NotAllowedError(
        `The service '${subject}' is not configured to push readiness results (readiness.results.publishers)`,
      );
    }
  }

  /** Throws a NotAllowedError naming what `subject` may not push. */
  assertMayPush(subject: string, checkIds: string[]) {
    this.assertIsPublisher(subject);
    const scope = this.allowed.get(subject);
    if (!scope) return;
    const refused = [...new Set(checkIds)].filter(
      id => !this.mayTouch(scope, id),
    );
    if (refused.length) {
      throw new NotAllowedError(
        `The service '${subject}' may not push results for ${listProblems(
          refused,
        )}`,
      );
    }
  }
}
