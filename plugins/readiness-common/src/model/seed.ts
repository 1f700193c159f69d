/**
 * Every item of the seed document "Moving to Production" (quick checklist
 * items 1–6 and 8–15, and each question of the category sections). Checks
 * refer to these ids in `seedRefs`; a test asserts each one is covered.
 * @public
 */
export const seedItems: Record<string, string> = {
  'checklist.1':
    'Add an activity tracker (IBM Cloud Activity Tracker) to the cloud account',
  'checklist.2':
    'Add monitoring (IBM Cloud Monitoring) of key metrics: CPU, memory, messaging (Kafka/IBM Event Streams, MQ)',
  'checklist.3': 'Add log analysis (IBM Log Analysis)',
  'checklist.4':
    'Decide on required availability and ensure the architecture supports it',
  'checklist.5':
    'Eliminate single points of failure that would lower availability below the requirement',
  'checklist.6':
    'Ensure data is backed up, recovery is possible, and put a backup test process in place',
  'checklist.8':
    'Select the size of the server/serverless/container infrastructure',
  'checklist.9':
    'Test scalability with a load generator (e.g. k6) while monitoring performance',
  'checklist.10': 'Resize the infrastructure and add autoscaling',
  'checklist.11':
    'Create a disaster recovery plan (complete or partial failure and deletion)',
  'checklist.12': 'Put a disaster recovery test process in place',
  'checklist.13':
    'Review cloud account security; access management with starters/leavers and periodic revalidation of minimum access',
  'checklist.14': 'Set up problem and change management processes',
  'checklist.15':
    'Ensure all roles and responsibilities are defined and assigned (Minimum Viable Organisation)',
  'resiliency.single-points-of-failure': 'Any single points of failure?',
  'resiliency.required-availability': 'What availability is actually required?',
  'resiliency.multi-region':
    'Replicate the system to different cities or countries to survive a data-centre failure?',
  'resiliency.managed-service-defaults':
    'The default resiliency of each cloud service varies (zones, manual configuration, load balancers)',
  'resiliency.database-architecture':
    'The architecture of the database is critical to resiliency',
  'resiliency.pick-up-after-failure':
    'Does the system pick up where it left off and carry on after a failure?',
  'recoverability.level-needed':
    'What level of recoverability is needed: wait for the failure to clear, or move elsewhere?',
  'recoverability.who-does-what': 'Who does what, and how, in a disaster',
  'recoverability.where-recovered': 'Where do things get recovered to',
  'monitoring.capture-cloud-logs-metrics':
    'Cloud services create logs and metrics that must be captured by another service to be seen',
  'monitoring.cloud-activity':
    'The cloud itself must be managed and monitored: "what just happened to my system?"',
  'support.who-supports-what':
    'Who supports what, and to the level the availability goal needs',
  'support.open-source': 'How is any open-source code or product supported?',
  'support.version-changes':
    'How are service version changes and deprecations handled?',
  'organisation.roles-responsibilities':
    'Are roles and responsibilities clear and do they cover all requirements?',
  'organisation.data-controller': 'Is there a data controller?',
  'cost.no-users': 'What does it cost to run with no users or customers?',
  'cost.one-user': 'What does it cost with one user or customer?',
  'cost.many-users':
    'What does it cost with 10, 100, 500, 1,000, 1,000,000 users or customers?',
  'cost.support-people': 'How do support and people costs change?',
};
