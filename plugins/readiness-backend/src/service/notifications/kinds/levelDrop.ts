import { ReadinessModel } from '@prodready/plugin-readiness-common';
import { NoticeKind } from '../noticeKind';
import {
  entityName,
  noticeScope,
  ownerRecipients,
  readinessTabLink,
} from '../noticeText';

/** A level's rank, lowest first; -1 below the lowest. */
function rankOf(model: ReadinessModel, level: string | null): number {
  return level === null ? -1 : model.levels.findIndex(l => l.id === level);
}

function titleOf(model: ReadinessModel, level: string | null): string {
  return model.levels.find(l => l.id === level)?.title ?? 'no level';
}

/**
 * An entity below the level it had in the last snapshot before today, to
 * its owner. When the drop takes a production entity below the lifecycle
 * gate, the notice says so and is of high severity. Sent once per drop
 * (snapshot day and the two levels); an entity that is not assessed now
 * (too few checks apply) has not dropped.
 */
export const levelDrop: NoticeKind = {
  id: 'level-drop',
  topic: 'Readiness: level dropped',
  enabled: config => config.levelDrop.enabled,
  evaluate({ scorecard, previousLevel }, { model, snapshotDay }) {
    if (previousLevel === undefined || !snapshotDay || scorecard.notAssessed) {
      return [];
    }
    const before = rankOf(model, previousLevel);
    const now = rankOf(model, scorecard.level);
    if (before < 0 || now >= before) return [];

    const gate = scorecard.lifecycleGate;
    const fellBelowGate =
      gate.production &&
      !gate.passed &&
      gate.minimumLevel !== undefined &&
      before >= rankOf(model, gate.minimumLevel);
    const name = entityName(scorecard);
    const from = titleOf(model, previousLevel);
    const to = titleOf(model, scorecard.level);
    const scope = noticeScope(scorecard.entityRef, 'level');
    return [
      {
        key: {
          kind: this.id,
          scope,
          period: `${snapshotDay}:${previousLevel}>${scorecard.level ?? ''}`,
        },
        recipients: ownerRecipients(scorecard),
        payload: {
          title: fellBelowGate
            ? `${name} is in production below the required ${titleOf(
                model,
                gate.minimumLevel!,
              )} level`
            : `${name} dropped from ${from} to ${to}`,
          description: fellBelowGate
            ? `${name} dropped from ${from} to ${to}; production entities must reach ${titleOf(
                model,
                gate.minimumLevel!,
              )}.`
            : `${name} was ${from} on ${snapshotDay} and is ${to} now.`,
          link: readinessTabLink(scorecard.entityRef),
          severity: fellBelowGate ? 'high' : 'normal',
          topic: this.topic,
          scope,
        },
      },
    ];
  },
  // The level moves when any result expires, inherited ones too.
  changesAt({ scorecard }) {
    return scorecard.checks.flatMap(c =>
      c.expiresAt ? [Date.parse(c.expiresAt)] : [],
    );
  },
};
