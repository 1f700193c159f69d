import type { SeedEntry, SeedRevision } from './types';

/*
 * The seed itself: tim-minter/moving-to-production at commit f0191064
 * (../shared/seed/moving-to-production.md). Its Scalability section is
 * empty, its quick checklist skips 7, and its last monitoring sentence is
 * cut off. Paraphrases are ours; `npm run verify:seed` checks the positions.
 */

const bullet = (
  section: string,
  position: string,
  name: string,
  paraphrase: string,
): SeedEntry => ({
  id: `${section}.${name}`,
  section,
  bullet: position,
  paraphrase,
});

const item = (
  number: number,
  paraphrase: string,
  aspect?: string,
): SeedEntry => ({
  id: aspect ? `checklist.${number}.${aspect}` : `checklist.${number}`,
  section: 'checklist',
  number,
  paraphrase,
});

const category = (position: string, id: string): SeedEntry => ({
  id: `introduction.${id}`,
  section: 'introduction',
  bullet: position,
  paraphrase: `Lists ${id} among the areas to look at`,
  category: id,
});

/** @public */
export const originalRevision: SeedRevision = {
  id: 'f0191064',
  date: '2021-07-09',
  summary:
    'The seed: seven categories (Scalability left empty) and a quick checklist numbered 1–6 and 8–15.',
  sections: [
    { id: 'title', heading: 'Moving to Production', depth: 1 },
    { id: 'introduction', heading: 'Introduction', depth: 2 },
    { id: 'scalability', heading: 'Scalability', depth: 2 },
    { id: 'resiliency', heading: 'Resiliency', depth: 2 },
    { id: 'recoverability', heading: 'Recoverability', depth: 2 },
    { id: 'monitoring', heading: 'Monitoring and Logging', depth: 2 },
    { id: 'support', heading: 'Support', depth: 2 },
    { id: 'organisation', heading: 'Organisation', depth: 2 },
    { id: 'cost', heading: 'Cost', depth: 2 },
    { id: 'checklist', heading: 'Quick Checklist (for IBM Cloud)', depth: 1 },
  ],
  entries: [
    category('1', 'scalability'),
    category('2', 'resiliency'),
    category('3', 'monitoring'),
    category('4', 'recoverability'),
    category('5', 'support'),
    category('6', 'organisation'),
    category('7', 'cost'),

    bullet(
      'resiliency',
      '1',
      'single-points-of-failure',
      'Find the parts whose failure alone would bring the system down',
    ),
    bullet(
      'resiliency',
      '2',
      'required-availability',
      'Settle how available the system really has to be',
    ),
    bullet(
      'resiliency',
      '2',
      'multi-region',
      'Whether copies in other cities or countries are needed to ride out a data-centre outage (technical fault, attack or natural disaster)',
    ),
    bullet(
      'resiliency',
      '2.1',
      'managed-service-defaults',
      'Cloud services differ in built-in resilience: some spread over locations in a few clicks (at a multiple of the cost), others need manual set-up behind a load balancer',
    ),
    bullet(
      'resiliency',
      '2.2',
      'database-architecture',
      'How the database is built decides much of the resilience',
    ),
    bullet(
      'resiliency',
      '3.1',
      'pick-up-after-failure',
      'After a failure, interrupted work (what the user meant to happen) carries on from where it stopped',
    ),

    bullet(
      'recoverability',
      '1',
      'level-needed',
      'Decide how much recovery is needed: wait for the failed part to return, or move elsewhere',
    ),
    bullet(
      'recoverability',
      '2',
      'who-does-what',
      'Which people carry out which recovery tasks in a disaster, and how they do them',
    ),
    bullet(
      'recoverability',
      '3',
      'where-recovered',
      'The place things are restored into',
    ),

    bullet(
      'monitoring',
      '1',
      'capture-cloud-logs-metrics',
      'Cloud services produce logs and metrics that are only usable once another service collects them',
    ),
    bullet(
      'monitoring',
      '2',
      'platform-health',
      'Beyond the application, the cloud platform itself has to be managed and watched',
    ),
    bullet(
      'monitoring',
      '2',
      'cloud-activity',
      'Be able to say what just happened to the system: the platform emits its own event data, which something must collect',
    ),

    bullet(
      'support',
      '1',
      'who-supports-what',
      'Who looks after each part, at a level consistent with the availability goal',
    ),
    bullet(
      'support',
      '2',
      'open-source',
      'Where support for open-source code and products comes from',
    ),
    bullet(
      'support',
      '3',
      'version-changes',
      'Coping with provider version changes and retirements, a particular concern in the cloud',
    ),

    bullet(
      'organisation',
      '1',
      'roles-responsibilities',
      'Roles and responsibilities are unambiguous and leave no duty (keeping data, for one) unowned',
    ),
    bullet(
      'organisation',
      '1',
      'data-controller',
      'Someone acts as data controller',
    ),
    bullet(
      'organisation',
      '2',
      'mvo',
      'Points to the Minimum Viable Organisation chart as the template of roles',
    ),

    bullet('cost', '1.1', 'no-users', 'Running cost while nobody uses it'),
    bullet('cost', '1.2', 'one-user', 'Cost with a single user or customer'),
    bullet(
      'cost',
      '1.3',
      'many-users',
      'Cost at 10, 100, 500, 1,000 and 1,000,000 customers and beyond',
    ),
    bullet(
      'cost',
      '1.4',
      'support-people',
      'How support and staffing costs move with growth',
    ),

    item(
      1,
      'Turn on an audit service for the cloud account (IBM Cloud Activity Tracker)',
    ),
    item(
      2,
      'Add monitoring (IBM Cloud Monitoring) of the key metrics: processor and memory use, and how the messaging layer (MQ, Kafka/IBM Event Streams) performs',
    ),
    item(3, 'Add a log analysis service (IBM Log Analysis)'),
    item(
      4,
      'Agree the availability needed and make sure the architecture delivers it',
    ),
    item(
      5,
      'Remove single points of failure that could pull availability under the target',
    ),
    item(6, 'Back the data up', 'backup'),
    item(
      6,
      'Prove a backup can be restored, with a backup test process',
      'restore-test',
    ),
    item(
      8,
      'Choose the size of the server, serverless or container infrastructure',
    ),
    item(
      9,
      'Check scalability with a load generator (k6 for example) while monitoring performance',
    ),
    item(10, 'Adjust the size of the infrastructure', 'resize'),
    item(10, 'Add autoscaling', 'autoscale'),
    item(
      11,
      'Write a disaster recovery plan for partial or total failure and for deletion',
    ),
    item(12, 'Set up a process for testing disaster recovery'),
    item(13, 'Review the security of the cloud account', 'account-security'),
    item(
      13,
      'From now on, give and take access as people join and leave',
      'starters-leavers',
    ),
    item(
      13,
      'Re-check periodically that everyone holds only the access their job needs',
      'access-revalidation',
    ),
    item(14, 'Set up problem management', 'problem-management'),
    item(14, 'Set up change management', 'change-management'),
    item(
      15,
      'Define every role and responsibility and give each to someone (Minimum Viable Organisation)',
    ),
  ],
};
