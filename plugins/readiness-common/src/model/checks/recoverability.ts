import { inCategory } from './checkDefinition';

export const recoverabilityChecks = inCategory('recoverability', [
  {
    id: 'recoverability.backups',
    title: 'Data backed up',
    question: 'Is all persistent data backed up, with retention set?',
    guidance:
      'Good: automated backups of every data store, stored away from the primary, retention agreed with the data controller. Evidence: the backup policy or configuration.',
    gate: true,
    level: 'bronze',
    weight: 2,
    expiresAfterDays: 365,
    roles: ['dba', 'data-controller'],
    seedRefs: ['f0191064:checklist.6.backup'],
  },
  {
    id: 'recoverability.restore-test',
    title: 'Restore from backup tested',
    question:
      'Has a restore from backup been tested successfully within the last 90 days?',
    guidance:
      'Good: a scheduled restore test into a separate environment with the data verified. Evidence: the dated restore record. Expires after 90 days.',
    gate: true,
    level: 'silver',
    weight: 2,
    expiresAfterDays: 90,
    roles: ['dba', 'test-manager'],
    seedRefs: ['f0191064:checklist.6.restore-test'],
  },
  {
    id: 'recoverability.recovery-strategy',
    title: 'Recovery level decided',
    question:
      'Is the recoverability needed decided (recovery time and recovery point objectives): can it wait for the failed part to return, or must it move elsewhere?',
    guidance:
      'Good: RTO and RPO agreed with the product owner and consistent with the availability target. Evidence: the recovery objectives record.',
    level: 'bronze',
    roles: ['architect', 'product-manager'],
    seedRefs: ['f0191064:recoverability.level-needed'],
  },
  {
    id: 'recoverability.disaster-roles',
    title: 'Who does what in a disaster',
    question:
      'Is it written down who does what in a disaster, and how, including who coordinates the recovery?',
    guidance:
      'Good: named people or rotas for coordination, communication and each recovery step, known to them. Evidence: the disaster roles section of the DR plan.',
    roles: ['problem-manager', 'devops-lead'],
    seedRefs: [
      'f0191064:recoverability.who-does-what',
      'd684a747:organisation.recovery-coordinator',
    ],
  },
  {
    id: 'recoverability.recovery-location',
    title: 'Recovery target location decided',
    question:
      'Is it decided where things are recovered to (another zone, region, account or provider), and is that place ready?',
    guidance:
      'Good: the recovery location is provisioned or can be provisioned from code within the RTO. Evidence: the recovery environment definition.',
    roles: ['architect', 'sysadmin'],
    seedRefs: ['f0191064:recoverability.where-recovered'],
  },
  {
    id: 'recoverability.dr-plan',
    title: 'Disaster recovery plan',
    question:
      'Is there a disaster recovery plan for partial and complete failure, including accidental deletion?',
    guidance:
      'Good: a plan covering partial failure, total loss and deletion, with RTO/RPO, the steps, and the people; published where responders will find it (TechDocs). Evidence: the plan document.',
    gate: true,
    level: 'silver',
    weight: 2,
    expiresAfterDays: 365,
    roles: ['problem-manager', 'architect'],
    seedRefs: [
      'f0191064:checklist.11',
      'f0191064:recoverability.who-does-what',
    ],
  },
  {
    id: 'recoverability.dr-test',
    title: 'Disaster recovery exercised',
    question:
      'Has the disaster recovery plan been exercised on a schedule, within the last year?',
    guidance:
      'Good: a scheduled DR exercise with findings fed back into the plan. Evidence: the dated exercise report. Expires after a year.',
    gate: true,
    level: 'gold',
    weight: 2,
    expiresAfterDays: 365,
    roles: ['problem-manager', 'test-manager'],
    seedRefs: ['f0191064:checklist.12', 'd684a747:checklist.13.schedule'],
  },
]);
