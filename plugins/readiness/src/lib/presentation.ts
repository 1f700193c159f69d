import {
  CheckResultSource,
  CheckStatus,
  NO_LEVEL,
  NOT_ASSESSED,
  NotApplicableReason,
  ReadinessModel,
  RoleProblemType,
  RoleResult,
  Risk,
} from '@prodready/plugin-readiness-common';

/*
 * How readiness values are shown: labels and tones for statuses, risks,
 * sources and levels. Every component takes its words and colours from here
 * so the tab, the cards and the organisation page say the same thing.
 */

/** A colour family, mapped to the Backstage status palette by the chips. */
export type Tone = 'ok' | 'warning' | 'error' | 'neutral' | 'info';

export const STATUS_PRESENTATION: Record<
  CheckStatus,
  { label: string; tone: Tone }
> = {
  met: { label: 'Met', tone: 'ok' },
  'partially-met': { label: 'Partially met', tone: 'warning' },
  'not-met': { label: 'Not met', tone: 'error' },
  'not-applicable': { label: 'Not applicable', tone: 'neutral' },
  unknown: { label: 'Unknown', tone: 'neutral' },
  expired: { label: 'Expired', tone: 'error' },
  // A staged check before its date: counted nowhere yet.
  upcoming: { label: 'Upcoming', tone: 'info' },
  // Applies but waived for now: not the grey of N/A.
  exempt: { label: 'Exempt', tone: 'info' },
};

/** The statuses an owner can choose, in the order the answer form lists them. */
export const ANSWER_STATUSES = [
  'met',
  'partially-met',
  'not-met',
  'not-applicable',
] as const;

export const RISK_PRESENTATION: Record<Risk, { label: string; tone: Tone }> = {
  high: { label: 'High risk', tone: 'error' },
  medium: { label: 'Medium risk', tone: 'warning' },
  none: { label: 'No risk', tone: 'ok' },
};

export const SOURCE_LABELS: Record<CheckResultSource, string> = {
  portal: 'Portal',
  annotation: 'Annotation',
  automatic: 'Automatic',
  inherited: 'Inherited',
  'role-health': 'Role health',
  none: 'No answer',
};

export const ROLE_SOURCE_LABELS: Record<RoleResult['source'], string> = {
  portal: 'Portal',
  annotation: 'Annotation',
  inherited: 'Inherited',
  none: 'Not assigned',
};

export const ROLE_PROBLEM_LABELS: Record<RoleProblemType, string> = {
  unassigned: 'Unassigned',
  'holder-not-in-catalog': 'Holder not in catalog',
  'empty-group': 'Empty group',
  'single-holder-of-all-required-roles': 'One person holds every role',
};

export const NOT_APPLICABLE_REASON_LABELS: Record<NotApplicableReason, string> =
  {
    'out-of-scope': 'Out of scope',
    'business-priority': 'Business priority',
    'architecture-constraint': 'Architecture constraint',
    other: 'Other',
  };

// Metal-like colours for the default bronze/silver/gold ladder; further
// configured levels continue with distinct hues.
const LEVEL_COLOURS = ['#b87333', '#8fa3b0', '#d4a20f', '#6a4fb3', '#00897b'];
const NO_LEVEL_COLOUR = '#d5d5d5';
const NOT_ASSESSED_COLOUR = '#f2f2f2';

/** The colour of a level in distribution bars and chips. */
export function levelColour(model: ReadinessModel, levelId: string): string {
  if (levelId === NOT_ASSESSED) return NOT_ASSESSED_COLOUR;
  const index = model.levels.findIndex(l => l.id === levelId);
  return index < 0
    ? NO_LEVEL_COLOUR
    : LEVEL_COLOURS[index % LEVEL_COLOURS.length];
}

/** The title of a level id, `No level` for none, `Not assessed` for not assessed. */
export function levelTitle(
  model: ReadinessModel,
  levelId: string | null | undefined,
): string {
  if (levelId === NOT_ASSESSED) return 'Not assessed';
  if (!levelId || levelId === NO_LEVEL) return 'No level';
  return model.levels.find(l => l.id === levelId)?.title ?? levelId;
}

/**
 * The level to show for a scorecard or a listed entity: `not-assessed` when
 * too few of its checks apply, else its level (null: below the lowest).
 */
export function shownLevel(entity: {
  level: string | null;
  notAssessed?: unknown;
}): string | null {
  return entity.notAssessed ? NOT_ASSESSED : entity.level;
}

/** Why an entity is not assessed, in a sentence or two for its tab. */
export function notAssessedExplanation(notAssessed: {
  applicableChecks: number;
  minimumApplicableChecks: number;
}): string {
  const { applicableChecks: n, minimumApplicableChecks: minimum } = notAssessed;
  const what =
    n === 0
      ? 'Every check is marked not applicable to this entity, so there is nothing to assess: it has no score and no level (N/A answers alone never earn one).'
      : `Only ${n} check${
          n === 1 ? ' applies' : 's apply'
        } to this entity (the others are marked not applicable); at least ${minimum} must apply before it gets a level, and its score covers only ${
          n === 1 ? 'that one' : `those ${n}`
        }.`;
  return `${what} Answer the checks that do apply, or review the N/A answers.`;
}

/** Tone of a 0–100 score, for heat map cells and score chips. */
export function scoreTone(score: number | null | undefined): Tone {
  if (score === null || score === undefined) return 'neutral';
  if (score >= 80) return 'ok';
  if (score >= 50) return 'warning';
  return 'error';
}

/**
 * What a rollup's entity list says when it lists none: the group owns none
 * itself, or (the catalog unreachable, `stale`) the entities it has are
 * withheld, since only the catalog decides who may see them.
 */
export function noEntitiesText(detail: {
  stale: boolean;
  entitiesTotal: number;
}): string {
  return detail.stale && detail.entitiesTotal > 0
    ? 'The entities are not listed while the catalog cannot be reached; the figures are those of the last run.'
    : 'The group owns no entities directly; its sub-teams do.';
}
