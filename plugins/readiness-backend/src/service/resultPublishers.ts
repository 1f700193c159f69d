import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  listProblems,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';

/**
 * Which service principals may push results, and for which checks, from
 * `readiness.results.publishers`. A check pattern is a check id or a category
 * followed by `.*` (`recoverability.*`).
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
    const categoryIds = new Set(model.categories.map(c => c.id));
    const allowed = new Map<string, string[] | undefined>();
    entries.forEach((entry, i) => {
      const path = `readiness.results.publishers[${i}]`;
      const subject = entry.getString('subject');
      const checks = entry.getOptionalStringArray('checks');
      for (const pattern of checks ?? []) {
        const known = pattern.endsWith('.*')
          ? categoryIds.has(pattern.slice(0, -2))
          : checkIds.has(pattern);
        if (!known) {
          throw new Error(
            `Invalid config at ${path}.checks: '${pattern}' names no check or category of the readiness model`,
          );
        }
      }
      if (allowed.has(subject)) {
        throw new Error(
          `Invalid config at ${path}.subject: '${subject}' is listed twice`,
        );
      }
      allowed.set(subject, checks);
    });
    return new ResultPublishers(allowed);
  }

  private constructor(
    private readonly allowed: Map<string, string[] | undefined>,
  ) {}

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
    const patterns = this.allowed.get(subject);
    if (!patterns) return;
    const refused = [...new Set(checkIds)].filter(
      id =>
        !patterns.some(p =>
          p.endsWith('.*') ? id.startsWith(p.slice(0, -1)) : p === id,
        ),
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
