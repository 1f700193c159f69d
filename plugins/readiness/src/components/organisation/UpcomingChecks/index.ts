export { UpcomingChecksCard, hasStagedChecks } from './UpcomingChecksCard';
