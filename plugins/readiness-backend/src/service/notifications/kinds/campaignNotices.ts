import { daysUntilDay } from './campaignDays';
import { targetProblem } from '../../campaigns/campaignTarget';
import {
  Notice,
  NoticeContext,
  NoticeKind,
  NoticeSubject,
} from '../noticeKind';
import {
  entityName,
  noticeScope,
  ownerRecipients,
  readinessTabLink,
} from '../noticeText';

/*
 * A campaign's notices, to the owners of the entities it asks that are not
 * done: when it starts, some days before its deadline, and when it is
 * overdue. Each is keyed by entity and campaign, its period the day that
 * makes it (start or deadline), so moving the deadline sends the reminder
 * again and nothing else repeats. A done entity's notice is still returned,
 * without recipients: nothing is sent, but a key sent before stays recorded,
 * so an entity that is done and then not done again is not told twice; so
 * is the start of a campaign past its deadline (the overdue notice tells).
 */

type When = 'start' | 'reminder' | 'overdue';

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

function campaignNotices(
  kind: NoticeKind,
  when: When,
  { scorecard, campaigns = [] }: NoticeSubject,
  { model, now }: NoticeContext,
  daysBefore: number,
): Notice[] {
  const today = dayOf(now);
  return campaigns
    .filter(({ campaign }) => {
      // A target the model no longer has cannot be reached: nothing to ask.
      if (targetProblem(campaign.target, model)) return false;
      const left = daysUntilDay(campaign.deadline, today);
      // Kept past the deadline, so moving it later does not start it again.
      if (when === 'start') return campaign.startDate <= today;
      if (when === 'reminder') {
        return campaign.startDate <= today && left >= 0 && left <= daysBefore;
      }
      return left < 0;
    })
    .map(({ campaign, done }) => {
      const late =
        when === 'start' && daysUntilDay(campaign.deadline, today) < 0;
      const scope = noticeScope(scorecard.entityRef, 'campaign', campaign.id);
      const name = entityName(scorecard);
      const text = {
        start: {
          title: `Campaign started: ${campaign.title}`,
          description: `${name} is asked to reach the campaign's target by ${campaign.deadline}.`,
        },
        reminder: {
          title: `${campaign.title}: ${name} is due ${campaign.deadline}`,
          description: `${name} has not reached the campaign's target yet; the deadline is ${campaign.deadline}.`,
        },
        overdue: {
          title: `${campaign.title}: ${name} is overdue`,
          description: `The deadline was ${campaign.deadline} and ${name} has not reached the campaign's target.`,
        },
      }[when];
      return {
        key: {
          kind: kind.id,
          scope,
          period: when === 'start' ? campaign.startDate : campaign.deadline,
        },
        recipients: done || late ? [] : ownerRecipients(scorecard),
        payload: {
          ...text,
          link: readinessTabLink(scorecard.entityRef),
          severity: when === 'overdue' ? 'high' : 'normal',
          topic: kind.topic,
          scope,
        },
      };
    });
}

/*
 * During a rolling deploy, instances on the old configuration know fewer
 * app-config campaigns: their passes must not make the new instances tell
 * the owners again. A campaign gone for a day is forgotten.
 */
const keptUnfoundFor = 24 * 60 * 60 * 1000;

/** A campaign has started that asks the entity: to its owner. */
export const campaignStart: NoticeKind = {
  id: 'campaign-start',
  topic: 'Readiness: campaign',
  keptUnfoundFor,
  enabled: config => config.campaignStart.enabled,
  evaluate(subject, context) {
    return campaignNotices(this, 'start', subject, context, 0);
  },
};

/** The entity is not done and the deadline is within `daysBefore` days: to its owner. */
export const campaignReminder: NoticeKind = {
  id: 'campaign-reminder',
  topic: 'Readiness: campaign',
  keptUnfoundFor,
  enabled: config => config.campaignReminder.enabled,
  evaluate(subject, context) {
    return campaignNotices(
      this,
      'reminder',
      subject,
      context,
      context.config.campaignReminder.daysBefore,
    );
  },
};

/** The deadline passed and the entity is not done: to its owner. */
export const campaignOverdue: NoticeKind = {
  id: 'campaign-overdue',
  topic: 'Readiness: campaign',
  keptUnfoundFor,
  enabled: config => config.campaignOverdue.enabled,
  evaluate(subject, context) {
    return campaignNotices(this, 'overdue', subject, context, 0);
  },
};
