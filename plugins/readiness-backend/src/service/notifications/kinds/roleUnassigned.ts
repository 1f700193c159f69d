import { NoticeKind } from '../noticeKind';
import {
  entityName,
  noticeScope,
  ownerRecipients,
  readinessTabLink,
} from '../noticeText';

/**
 * A required role nobody holds, to the owner. Sent once while the role
 * stays unassigned; assigned and left unassigned again, it is sent again.
 */
export const roleUnassigned: NoticeKind = {
  id: 'role-unassigned',
  topic: 'Readiness: role unassigned',
  enabled: config => config.roleUnassigned.enabled,
  evaluate({ scorecard }, { model }) {
    const roles = new Map(model.roles.map(r => [r.id, r]));
    return scorecard.roles
      .filter(role => role.problems.some(p => p.type === 'unassigned'))
      .map(role => {
        const title = roles.get(role.roleId)?.title ?? role.roleId;
        const scope = noticeScope(scorecard.entityRef, 'role', role.roleId);
        return {
          key: { kind: this.id, scope, period: '' },
          recipients: ownerRecipients(scorecard),
          payload: {
            title: `${entityName(scorecard)} has no ${title}`,
            description: `The ${title} role is required and nobody holds it; assign a person or a team.`,
            link: readinessTabLink(scorecard.entityRef),
            severity: 'normal',
            topic: this.topic,
            scope,
          },
        };
      });
  },
};
