import { CheckResult, CheckStatus } from '@prodready/plugin-readiness-common';

/*
 * The per-check statuses of a stored scorecard, one letter each, keyed by
 * check id and grouped by the id's category prefix:
 * `{"monitoring.":{"metrics":"m","logs":"n"},...}`. About 0.8 KB for 44
 * checks, where the checks with their answers, evidence and sources took
 * 5–12 KB. The migration that introduced them
 * (20261204000000_compact_scorecards.js) carries its own copy of this
 * encoding, as migrations never change.
 */

const CODES: Record<CheckStatus, string> = {
  met: 'm',
  'partially-met': 'p',
  'not-met': 'n',
  'not-applicable': 'a',
  unknown: 'u',
  expired: 'e',
  exempt: 'x',
};

const STATUSES = new Map(
  Object.entries(CODES).map(([status, code]) => [code, status as CheckStatus]),
);

/** The category prefix of a check id, with its dot (`monitoring.`), or ''. */
const prefixOf = (checkId: string) =>
  checkId.slice(0, checkId.indexOf('.') + 1);

/** The compact form of a scorecard's checks. */
export function encodeCheckStatuses(checks: CheckResult[]): string {
  const groups: Record<string, Record<string, string>> = {};
  for (const { checkId, status } of checks) {
    const prefix = prefixOf(checkId);
    (groups[prefix] ??= {})[checkId.slice(prefix.length)] = CODES[status];
  }
  return JSON.stringify(groups);
}

/** The status of every check, by id, from its compact form. */
export function decodeCheckStatuses(
  text: string | null,
): Record<string, CheckStatus> {
  const statuses: Record<string, CheckStatus> = {};
  if (!text) return statuses;
  const groups: Record<string, Record<string, string>> = JSON.parse(text);
  for (const [prefix, codes] of Object.entries(groups)) {
    for (const [name, code] of Object.entries(codes)) {
      const status = STATUSES.get(code);
      if (status) statuses[prefix + name] = status;
    }
  }
  return statuses;
}
