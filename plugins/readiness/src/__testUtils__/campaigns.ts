import {
  CampaignEntityProgress,
  CampaignSummary,
} from '@prodready/plugin-readiness-common';

/** A campaign of app-config: backups on every service by the end of January. */
export const backupsCampaign: CampaignSummary = {
  id: 'backups',
  title: 'Backups everywhere',
  filter: {},
  target: { checks: ['recoverability.backups'] },
  startDate: '2026-11-01',
  deadline: '2027-01-31',
  source: 'config',
  version: 0,
  progress: { total: 10, done: 4, overdue: 0 },
  overdue: false,
};

/** The backups campaign as payments-api takes part in it: not done. */
export const paymentsApiInBackups: {
  campaign: CampaignSummary;
  entity: CampaignEntityProgress;
} = {
  campaign: backupsCampaign,
  entity: {
    campaignId: 'backups',
    entityRef: 'component:default/payments-api',
    status: 'not-done',
    missing: ['recoverability.backups'],
  },
};
