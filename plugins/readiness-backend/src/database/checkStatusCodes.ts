import {
  CheckResult,
  CheckStatus,
  EntitySummary,
} from '@prodready/plugin-readiness-common';

/*
 * The per-check statuses of a stored scorecard, one letter each, keyed by
 * check id and grouped by the id's category prefix:
 * `{"monitoring.":{"metrics":"m","logs":"n"},...}`. About 0.8 KB for 44
 * checks, where the checks with their answers, evidence and sources took
 * 5–12 KB. The migration that introduced them
 * (20261204000000_compact_scorecards.js) carries its own copy of this
 * encoding, as migrations never change.
 */

/*
 * An upcoming (staged) check is stored as the upper-case code of the status
 * it would have: `M` is upcoming and would be met.
 */
const CODES: Record<Exclude<CheckStatus, 'upcoming'>, string> = {
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

/** A status's code; an upcoming check's is the upper-case code of the status it would have. */
function codeOf(status: CheckStatus, wouldBe: CheckStatus | undefined): string {
  if (status !== 'upcoming') return CODES[status];
  // Would-be status unknown (never written by the engine): upcoming and unknown.
  return (
    wouldBe && wouldBe !== 'upcoming' ? CODES[wouldBe] : CODES.unknown
  ).toUpperCase();
}

function parse(text: string | null): [string, string][] {
  if (!text) return [];
  const groups: Record<string, Record<string, string>> = JSON.parse(text);
  return Object.entries(groups).flatMap(([prefix, codes]) =>
    Object.entries(codes).map(
      ([name, code]) => [prefix + name, code] as [string, string],
    ),
  );
}

/** The category prefix of a check id, with its dot (`monitoring.`), or ''. */
const prefixOf = (checkId: string) =>
  checkId.slice(0, checkId.indexOf('.') + 1);

/**
 * The compact form of `ids` cut where the codes go: the text is `parts[0]`,
 * then each check's code followed by the next part. Worked out from the
 * object the form is the JSON of, so keys come in the same order.
 */
interface Layout {
  parts: string[];
  /** The index in `ids` of the check whose code goes after `parts[k]`. */
  indices: number[];
}

/** Layouts by list of ids: the summaries of a kind share one list. */
const layouts = new WeakMap<readonly string[], Layout>();

function layoutOf(ids: readonly string[]): Layout {
  let layout = layouts.get(ids);
  if (layout) return layout;
  const groups: Record<string, Record<string, number>> = {};
  ids.forEach((checkId, i) => {
    const prefix = prefixOf(checkId);
    (groups[prefix] ??= {})[checkId.slice(prefix.length)] = i;
  });
  layout = { parts: [], indices: [] };
  let text = '{';
  Object.entries(groups).forEach(([prefix, names], g) => {
    text += `${g ? ',' : ''}${JSON.stringify(prefix)}:{`;
    Object.entries(names).forEach(([name, i], n) => {
      layout!.parts.push(`${text}${n ? ',' : ''}${JSON.stringify(name)}:"`);
      layout!.indices.push(i);
      text = '"';
    });
    text += '}';
  });
  layout.parts.push(`${text}}`);
  layouts.set(ids, layout);
  return layout;
}

/** The compact form of the checks `ids`, the code of the i-th being `codeAt(i)`. */
function encode(ids: readonly string[], codeAt: (i: number) => string) {
  const { parts, indices } = layoutOf(ids);
  let text = parts[0];
  for (let k = 0; k < indices.length; k++) {
    text += codeAt(indices[k]) + parts[k + 1];
  }
  return text;
}

/** The compact form of a scorecard's checks. */
export function encodeCheckStatuses(checks: CheckResult[]): string {
  return encode(
    checks.map(c => c.checkId),
    i => codeOf(checks[i].status, checks[i].upcoming?.status),
  );
}

/** The compact form of the statuses of an entity summarised without its scorecard (the same as its scorecard's). */
export function encodeSummaryStatuses(
  summary: Pick<EntitySummary, 'checkIds' | 'statuses' | 'wouldBe'>,
): string {
  return encode(summary.checkIds, i =>
    codeOf(summary.statuses[i], summary.wouldBe?.[i]),
  );
}

/** The status of every check, by id, from its compact form (`upcoming` for staged checks). */
export function decodeCheckStatuses(
  text: string | null,
): Record<string, CheckStatus> {
  const statuses: Record<string, CheckStatus> = {};
  for (const [checkId, code] of parse(text)) {
    const status =
      code === code.toLowerCase() ? STATUSES.get(code) : 'upcoming';
    if (status) statuses[checkId] = status;
  }
  return statuses;
}

/** The status each upcoming check of a compact form would have, by id. */
export function decodeUpcomingStatuses(
  text: string | null,
): Record<string, CheckStatus> {
  const statuses: Record<string, CheckStatus> = {};
  for (const [checkId, code] of parse(text)) {
    const status =
      code !== code.toLowerCase() && STATUSES.get(code.toLowerCase());
    if (status) statuses[checkId] = status;
  }
  return statuses;
}
