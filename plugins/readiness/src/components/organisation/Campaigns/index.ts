export { CampaignsView } from './CampaignsView';
export { CampaignProgressBar } from './CampaignProgressBar';
export { describeDeadline, describeTarget } from './campaignText';
