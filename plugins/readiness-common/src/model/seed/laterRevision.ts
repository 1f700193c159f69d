import type { SeedEntry, SeedRevision } from './types';

/*
 * The seed's later revision: tim-minter/moving-to-production at commit
 * d684a747, the head of that repository. It fills in Scalability, adds a
 * Security category, two checklist items (TLS certificates; penetration
 * testing and code scanning) and a few notes, and renumbers the checklist
 * 1–16. What it repeats from the seed points back with `sameAs`, so checks
 * trace to where a question first appeared. Paraphrases are ours.
 */

const ORIGINAL = 'f0191064';

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

/** A bullet repeated from the seed, at a new position or with new words around it. */
const repeated = (
  section: string,
  position: string,
  name: string,
): SeedEntry => ({
  ...bullet(section, position, name, `As in the seed (${section}.${name})`),
  sameAs: `${ORIGINAL}:${section}.${name}`,
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

/** A checklist item repeated from the seed under a new number. */
const renumbered = (
  number: number,
  was: number,
  aspect?: string,
): SeedEntry => {
  const suffix = aspect ? `.${aspect}` : '';
  return {
    ...item(
      number,
      `Seed item ${was}${aspect ? ` (${aspect})` : ''}, renumbered`,
      aspect,
    ),
    sameAs: `${ORIGINAL}:checklist.${was}${suffix}`,
  };
};

const category = (position: string, id: string): SeedEntry => ({
  id: `introduction.${id}`,
  section: 'introduction',
  bullet: position,
  paraphrase: `Lists ${id} among the areas to look at`,
  category: id,
});

/** @public */
export const laterRevision: SeedRevision = {
  id: 'd684a747',
  date: '2021-09-07',
  summary:
    'The later revision: Scalability filled in, a Security category, TLS and penetration-testing items, checklist renumbered 1–16.',
  sections: [
    { id: 'title', heading: 'Moving to Production', depth: 1 },
    { id: 'introduction', heading: 'Introduction', depth: 2 },
    { id: 'scalability', heading: 'Scalability', depth: 2 },
    { id: 'resiliency', heading: 'Resiliency', depth: 2 },
    { id: 'recoverability', heading: 'Recoverability', depth: 2 },
    { id: 'monitoring', heading: 'Monitoring and Logging', depth: 2 },
    { id: 'support', heading: 'Support', depth: 2 },
    { id: 'organisation', heading: 'Organisation', depth: 2 },
    { id: 'security', heading: 'Security', depth: 2 },
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
    category('7', 'security'),
    category('8', 'cost'),

    bullet(
      'scalability',
      '1',
      'behaviour-under-load',
      'Know how each component behaves under load: managed services mostly grow with demand, anything self-run has to be planned for',
    ),
    bullet(
      'scalability',
      '2',
      'realistic-load-tests',
      'Load tests have to be realistic — varied journeys from varied places, not one page from one location',
    ),
    bullet(
      'scalability',
      '3',
      'cdn',
      'Seriously consider a content delivery network to take content load off the system and spread traffic geographically',
    ),
    bullet(
      'scalability',
      '4',
      'pod-and-infra-autoscaling',
      'On Kubernetes or OpenShift, scale automatically at both pod and infrastructure level; knowing the load response lets cost and capacity be planned ahead',
    ),
    bullet(
      'scalability',
      '5',
      'scalable-communication',
      'Make communication between services able to grow — queues like MQ instead of only REST calls — so that more services can join later',
    ),

    repeated('resiliency', '1', 'single-points-of-failure'),
    bullet(
      'resiliency',
      '2',
      'out-of-the-box-ha',
      'Find out what high availability each managed service gives by default; some need extra configuration, and self-run services need their own design',
    ),
    repeated('resiliency', '3', 'required-availability'),
    repeated('resiliency', '3', 'multi-region'),
    repeated('resiliency', '3.1', 'managed-service-defaults'),
    repeated('resiliency', '3.2', 'database-architecture'),
    repeated('resiliency', '4.1', 'pick-up-after-failure'),

    repeated('recoverability', '1', 'level-needed'),
    repeated('recoverability', '2', 'who-does-what'),
    repeated('recoverability', '3', 'where-recovered'),

    repeated('monitoring', '1', 'capture-cloud-logs-metrics'),
    repeated('monitoring', '2', 'platform-health'),
    // The sentence the seed cut off now names the activity tracker as the answer.
    repeated('monitoring', '2', 'cloud-activity'),

    repeated('support', '1', 'who-supports-what'),
    repeated('support', '2', 'open-source'),
    repeated('support', '3', 'version-changes'),

    repeated('organisation', '1', 'roles-responsibilities'),
    repeated('organisation', '1', 'data-controller'),
    bullet(
      'organisation',
      '1',
      'recovery-coordinator',
      'Someone is named to coordinate a recovery',
    ),
    bullet(
      'organisation',
      '1',
      'upgrade-watch',
      'Someone notices when a service the solution uses is being upgraded or changed',
    ),
    repeated('organisation', '2', 'mvo'),

    bullet(
      'security',
      '1',
      'penetration-testing',
      'Have the system penetration tested',
    ),
    bullet(
      'security',
      '2',
      'joiners-leavers',
      'Bring people and their devices in, and take them out, in an orderly way',
    ),
    bullet('security', '3', 'source-code', 'Keep the source code secure'),
    bullet('security', '4', 'secrets', 'Handle secrets safely'),
    bullet('security', '5', 'certificates', 'Manage certificates'),
    bullet(
      'security',
      '6',
      'vulnerability-scanning',
      'Scan for vulnerabilities',
    ),

    repeated('cost', '1.1', 'no-users'),
    repeated('cost', '1.2', 'one-user'),
    repeated('cost', '1.3', 'many-users'),
    repeated('cost', '1.4', 'support-people'),

    renumbered(1, 1),
    renumbered(2, 2),
    renumbered(3, 3),
    item(
      3,
      'Log analysis is charged by the data kept: start with little and add the key data as needed',
      'retention-cost',
    ),
    item(
      4,
      'Put TLS certificates in place with a certificate management process, automatic or manual',
    ),
    item(5, 'Have the system penetration tested, and remediate', 'pen-test'),
    item(5, 'Scan the code, and remediate', 'code-scanning'),
    renumbered(6, 4),
    item(
      6,
      'Typical targets run from 95 % to 99.999 %, and each calls for a different architecture',
      'availability-tiers',
    ),
    renumbered(7, 5),
    renumbered(8, 6, 'backup'),
    renumbered(8, 6, 'restore-test'),
    renumbered(9, 8),
    renumbered(10, 9),
    renumbered(11, 10, 'resize'),
    renumbered(11, 10, 'autoscale'),
    item(11, 'After resizing, go back and load test again', 'loop-back'),
    renumbered(12, 11),
    renumbered(13, 12),
    item(13, 'Put the disaster recovery tests on a schedule', 'schedule'),
    renumbered(14, 13, 'account-security'),
    renumbered(14, 13, 'starters-leavers'),
    renumbered(14, 13, 'access-revalidation'),
    renumbered(15, 14, 'problem-management'),
    renumbered(15, 14, 'change-management'),
    renumbered(16, 15),
  ],
};
