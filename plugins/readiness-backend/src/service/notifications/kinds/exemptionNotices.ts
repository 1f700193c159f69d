import { parseEntityRef } from '@backstage/catalog-model';
import {
  EXEMPTION_REASONS,
  ReadinessExemption,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { Notice, NoticeSubject } from '../noticeKind';
import {
  entityName,
  goneHolders,
  noticeScope,
  readinessTabLink,
} from '../noticeText';

/*
 * What the three exemption notices share: the scope (per check of an
 * entity and per kind, as the requester may hear of the decision and, as
 * a member of the owner, of the end in the same evaluation), the link to
 * the check, and the words.
 */

/** The title of an exemption's check. */
export function checkTitle(model: ReadinessModel, checkId: string): string {
  return model.checks.find(c => c.id === checkId)?.title ?? checkId;
}

/** A user ref as a notice names the person: their name. */
export const personName = (ref: string) => parseEntityRef(ref).name;

/** The reason code in words: `planned-remediation` → `planned remediation`. */
export const reasonWords = (code: (typeof EXEMPTION_REASONS)[number]) =>
  code.replace(/-/g, ' ');

/**
 * Holders of the check's responsible roles on the entity (as its scorecard
 * shows them, without holders who left), but not the requester: who may
 * approve. Readiness admins may too; they see pending requests on the tab.
 */
export function approverRecipients(
  { scorecard }: NoticeSubject,
  model: ReadinessModel,
  exemption: ReadinessExemption,
): string[] {
  const roles = model.checks.find(c => c.id === exemption.checkId)?.roles;
  const gone = goneHolders(scorecard);
  const recipients = new Set<string>();
  for (const role of scorecard.roles) {
    if (!roles?.includes(role.roleId)) continue;
    for (const holder of role.holders) {
      if (!gone.has(holder) && holder !== exemption.requestedBy) {
        recipients.add(holder);
      }
    }
  }
  return [...recipients];
}

/** The notice about one exemption: keyed by kind, the check's scope and `period`. */
export function exemptionNotice(
  kind: { id: string; topic: string },
  { scorecard }: NoticeSubject,
  exemption: ReadinessExemption,
  notice: Pick<Notice, 'recipients' | 'excluded'> & {
    period: string;
    title: (entity: string) => string;
    description: string;
    severity: Notice['payload']['severity'];
  },
): Notice {
  const scope = noticeScope(
    scorecard.entityRef,
    'check',
    exemption.checkId,
    kind.id,
  );
  return {
    key: { kind: kind.id, scope, period: notice.period },
    recipients: notice.recipients,
    ...(notice.excluded && { excluded: notice.excluded }),
    payload: {
      title: notice.title(entityName(scorecard)),
      description: notice.description,
      link: readinessTabLink(scorecard.entityRef, exemption.checkId),
      severity: notice.severity,
      topic: kind.topic,
      scope,
    },
  };
}
