import { NoticeKind } from '../noticeKind';
import {
  entityName,
  HOLDER_GONE,
  noticePeriod,
  noticeScope,
  ownerRecipients,
  readinessTabLink,
} from '../noticeText';

/**
 * A role one of whose holders has left the catalog (or is a group with
 * nobody left in it), to the owner: once per set of holders gone. A role
 * inherited from the System is left to the System's own notice.
 */
export const roleHolderGone: NoticeKind = {
  id: 'role-holder-gone',
  topic: 'Readiness: role holder left',
  enabled: config => config.roleHolderGone.enabled,
  evaluate({ scorecard }, { model }) {
    const roles = new Map(model.roles.map(r => [r.id, r]));
    return scorecard.roles.flatMap(role => {
      if (role.source === 'inherited') return [];
      const gone = [
        ...new Set(
          role.problems
            .filter(p => HOLDER_GONE.has(p.type) && p.holder)
            .map(p => p.holder!),
        ),
      ].sort();
      if (!gone.length) return [];
      const title = roles.get(role.roleId)?.title ?? role.roleId;
      const scope = noticeScope(scorecard.entityRef, 'role', role.roleId);
      return [
        {
          key: { kind: this.id, scope, period: noticePeriod(gone) },
          recipients: ownerRecipients(scorecard),
          payload: {
            title: `${entityName(scorecard)}: ${title} ${gone.join(
              ', ',
            )} has left`,
            description: `${gone.join(', ')} ${
              gone.length > 1 ? 'hold' : 'holds'
            } the ${title} role of ${entityName(scorecard)} but ${
              gone.length > 1 ? 'are' : 'is'
            } no longer in the catalog (or a team with nobody left); assign someone else.`,
            link: readinessTabLink(scorecard.entityRef),
            severity: 'normal',
            topic: this.topic,
            scope,
          },
        },
      ];
    });
  },
};
