import { NoticeKind } from '../noticeKind';
import { checkTitle, exemptionNotice, personName } from './exemptionNotices';

/** How long after its decision an exemption's approval or rejection is noticed. */
export const DECIDED_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The earliest decision (ISO time) `exemptionDecided` notices at `now`: the
 * evaluation reads exemptions decided since then (with the open ones, whatever
 * their decision date), and the kind keeps only those.
 */
export function decidedSince(now: Date): string {
  return new Date(now.getTime() - DECIDED_DAYS * DAY_MS).toISOString();
}

/**
 * An exemption approved or rejected in the last `DECIDED_DAYS` days: to its
 * requester, once per decision. An older decision is not noticed, even when
 * the kind was off then or the exemption is still open.
 */
export const exemptionDecided: NoticeKind = {
  id: 'exemption-decided',
  topic: 'Readiness: exemption decided',
  enabled: config => config.exemptionDecided.enabled,
  evaluate(subject, { model, now }) {
    const since = Date.parse(decidedSince(now));
    return (subject.exemptions ?? [])
      .filter(e => e.status === 'approved' || e.status === 'rejected')
      .filter(e => e.decidedBy && e.decidedAt)
      .filter(e => Date.parse(e.decidedAt!) >= since)
      .map(exemption => {
        const title = checkTitle(model, exemption.checkId);
        const approved = exemption.status === 'approved';
        const by = personName(exemption.decidedBy!);
        const note = exemption.decisionNote
          ? `: ${exemption.decisionNote}`
          : '';
        return exemptionNotice(this, subject, exemption, {
          period: `${exemption.id}:${exemption.status}`,
          recipients: [exemption.requestedBy],
          title: entity =>
            `${entity}: exemption of "${title}" ${
              approved ? 'approved' : 'rejected'
            }`,
          description: approved
            ? `${by} approved the exemption of "${title}" until ${exemption.endsOn}${note}. It counts as exempt until then.`
            : `${by} rejected the exemption of "${title}"${note}. The check counts as failing.`,
          severity: approved ? 'normal' : 'high',
        });
      });
  },
  changesAt({ exemptions }) {
    return (exemptions ?? []).flatMap(e =>
      e.decidedAt ? [Date.parse(e.decidedAt) + DECIDED_DAYS * DAY_MS] : [],
    );
  },
};
