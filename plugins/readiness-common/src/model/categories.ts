import { ReadinessCategory } from '../types';

/**
 * The seven categories of the seed document "Moving to Production", plus
 * Security (added in the seed's later revision).
 * @public
 */
export const defaultCategories: ReadinessCategory[] = [
  {
    id: 'scalability',
    title: 'Scalability',
    description:
      'The service is sized for its load, has been load tested realistically and scales out automatically.',
  },
  {
    id: 'resiliency',
    title: 'Resiliency',
    description:
      'The required availability is known and the architecture delivers it: no single points of failure, highly available dependencies, work resumes after a failure.',
  },
  {
    id: 'monitoring',
    title: 'Monitoring and Logging',
    description:
      'Activity, metrics and logs of the service and of its cloud account are captured somewhere people can see them, and alerts reach someone on call.',
  },
  {
    id: 'recoverability',
    title: 'Recoverability',
    description:
      'Data is backed up and restorable, and a tested disaster recovery plan says who does what and where things are recovered to.',
  },
  {
    id: 'support',
    title: 'Support',
    description:
      'Someone supports every part to the level the availability target needs, including open-source parts and provider version changes.',
  },
  {
    id: 'organisation',
    title: 'Organisation',
    description:
      'Ownership is clear, the Minimum Viable Organisation roles are assigned, data has a controller, and problem and change management exist.',
  },
  {
    id: 'cost',
    title: 'Cost',
    description:
      'Running costs are known from zero users to a million, including support and people costs.',
  },
  {
    id: 'security',
    title: 'Security',
    description:
      'Access is least-privilege and revalidated, certificates, secrets and code are managed and scanned, and the service has been penetration tested.',
  },
];
