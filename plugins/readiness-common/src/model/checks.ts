import { ReadinessCheck } from '../types';

const SERVICE_KINDS = ['component', 'system', 'resource'];
const WORKLOAD_KINDS = ['component', 'system'];

type CheckDefinition = Omit<
  ReadinessCheck,
  'category' | 'appliesTo' | 'gate' | 'level' | 'weight'
> &
  Partial<Pick<ReadinessCheck, 'appliesTo' | 'gate' | 'level' | 'weight'>>;

function inCategory(
  category: string,
  checks: CheckDefinition[],
): ReadinessCheck[] {
  return checks.map(c => ({
    weight: 1,
    gate: false,
    level: 'silver',
    appliesTo: SERVICE_KINDS,
    ...c,
    category,
  }));
}

/**
 * The built-in checklist, derived from the seed document "Moving to
 * Production" and its Minimum Viable Organisation. Wording is vendor-neutral;
 * the seed's IBM Cloud services appear as examples beside other clouds'.
 * The traceability table from check to seed item is in the package README.
 * @public
 */
export const defaultChecks: ReadinessCheck[] = [
  ...inCategory('scalability', [
    {
      id: 'scalability.sizing',
      title: 'Infrastructure sized for expected load',
      question:
        'Has the server, serverless or container infrastructure been sized for the expected load?',
      guidance:
        'Good: a capacity estimate (requests per second, data volume, peak factor) and the instance, pod or function size chosen from it. Evidence: the capacity estimate or sizing decision record.',
      level: 'bronze',
      appliesTo: WORKLOAD_KINDS,
      roles: ['architect'],
      seedRefs: [
        'f0191064:checklist.8',
        'd684a747:scalability.behaviour-under-load',
      ],
    },
    {
      id: 'scalability.load-test',
      title: 'Realistic load test run',
      question:
        'Has a realistic load test (for example with k6, Gatling or JMeter) been run while monitoring performance?',
      guidance:
        'Good: a load test that exercises real user journeys from the regions users are in, not one page from one place, run against production-like infrastructure while dashboards (IBM Cloud Monitoring, CloudWatch, Prometheus, Datadog) record latency and saturation. Evidence: the dated test report. Repeat at least yearly and after major changes.',
      gate: true,
      level: 'silver',
      weight: 2,
      appliesTo: WORKLOAD_KINDS,
      expiresAfterDays: 365,
      roles: ['test-manager', 'architect'],
      seedRefs: [
        'f0191064:checklist.9',
        'd684a747:scalability.realistic-load-tests',
        'd684a747:checklist.11.loop-back',
      ],
    },
    {
      id: 'scalability.autoscaling',
      title: 'Resized from the load test, autoscaling tuned',
      question:
        'Has the infrastructure been resized to what the load test showed, and do workloads and the infrastructure beneath them scale automatically, with limits tuned from the load test?',
      guidance:
        'Good: instance, pod or function sizes changed to what the load test measured (up or down, then tested again), and autoscaling at both the workload level (e.g. Kubernetes HPA, serverless concurrency) and the infrastructure level (cluster autoscaler, managed instance groups), with minimums that survive a zone loss. Evidence: the resizing decision and the autoscaler configuration.',
      appliesTo: WORKLOAD_KINDS,
      roles: ['sysadmin', 'architect'],
      seedRefs: [
        'f0191064:checklist.10.resize',
        'f0191064:checklist.10.autoscale',
        'd684a747:scalability.pod-and-infra-autoscaling',
      ],
    },
    {
      id: 'scalability.scalable-integration',
      title: 'Scalable integration between services',
      question:
        'Can load grow and new services be added without a redesign (asynchronous messaging, queues, CDN for static content)?',
      guidance:
        'Good: services talk through messaging (Kafka/IBM Event Streams, MQ, SQS, Pub/Sub) where synchronous REST would couple their scaling, and static content is served by a CDN. Evidence: the architecture document.',
      level: 'gold',
      appliesTo: WORKLOAD_KINDS,
      roles: ['architect'],
      seedRefs: [
        'd684a747:scalability.cdn',
        'd684a747:scalability.scalable-communication',
      ],
    },
  ]),
  ...inCategory('resiliency', [
    {
      id: 'resiliency.availability-target',
      title: 'Required availability decided',
      question:
        'Has the required availability (for example 99.5 % or 99.95 %) been decided, and does the architecture support it?',
      guidance:
        'Good: an agreed availability target or SLO per service, with the architecture reviewed against it. Evidence: the SLO or service tier record.',
      gate: true,
      level: 'bronze',
      weight: 2,
      roles: ['product-manager', 'architect'],
      seedRefs: [
        'f0191064:checklist.4',
        'f0191064:resiliency.required-availability',
        'd684a747:checklist.6.availability-tiers',
      ],
    },
    {
      id: 'resiliency.single-points-of-failure',
      title: 'No single points of failure',
      question:
        'Have single points of failure that could push availability below the target been removed?',
      guidance:
        'Good: a reviewed failure-mode analysis of every component and dependency, with redundancy where a failure would breach the target. Evidence: the SPOF analysis.',
      gate: true,
      level: 'silver',
      weight: 2,
      roles: ['architect'],
      seedRefs: [
        'f0191064:checklist.5',
        'f0191064:resiliency.single-points-of-failure',
      ],
    },
    {
      id: 'resiliency.multi-region',
      title: 'Survives a data-centre or region failure',
      question:
        'Where the availability target needs it, does the system keep working when a data centre, zone or region fails?',
      guidance:
        'Good: replication across zones, and across cities or countries where the target demands it, with the cost of doing so accepted. Mark not applicable, with a reason, when the target does not require it. Evidence: the topology diagram and failover record.',
      level: 'gold',
      roles: ['architect', 'sysadmin'],
      seedRefs: ['f0191064:resiliency.multi-region'],
    },
    {
      id: 'resiliency.database-architecture',
      title: 'Database architecture supports availability',
      question:
        'Is the database highly available (replicas, automatic failover, zone spread) to the level the target needs?',
      guidance:
        'Good: replication and automatic failover configured and tested, connection handling that survives a failover. Evidence: the database configuration or managed-service tier.',
      gate: true,
      level: 'silver',
      roles: ['dba', 'architect'],
      seedRefs: ['f0191064:resiliency.database-architecture'],
    },
    {
      id: 'resiliency.dependency-ha',
      title: 'High availability of each managed service known',
      question:
        'Is the out-of-the-box availability of every managed cloud service used known, and configured (zones, regions, load balancer) where the default is not enough?',
      guidance:
        'Good: a list of dependencies with their provider SLA and how each is made resilient. Evidence: the dependency list.',
      roles: ['architect', 'sysadmin'],
      seedRefs: [
        'f0191064:resiliency.managed-service-defaults',
        'd684a747:resiliency.out-of-the-box-ha',
      ],
    },
    {
      id: 'resiliency.resume-after-failure',
      title: 'Work resumes after a failure',
      question:
        'After a failure, does in-flight work pick up where it left off (idempotent retries, durable queues, no lost transactions)?',
      guidance:
        'Good: a failure test shows that requests in flight are retried or completed once, never lost or duplicated. Evidence: the failure test record.',
      appliesTo: WORKLOAD_KINDS,
      roles: ['developer'],
      seedRefs: ['f0191064:resiliency.pick-up-after-failure'],
    },
  ]),
  ...inCategory('monitoring', [
    {
      id: 'monitoring.audit-trail',
      title: 'Cloud activity audit trail',
      question:
        'Is activity in the cloud account captured in an audit trail (IBM Cloud Activity Tracker, AWS CloudTrail, Azure Activity Log, Google Cloud Audit Logs)?',
      guidance:
        'Good: the audit service is enabled for every account and region the service runs in, with retention set. Often answered once on the System. Evidence: the audit trail configuration.',
      level: 'bronze',
      roles: ['sysadmin', 'security'],
      seedRefs: ['f0191064:checklist.1', 'f0191064:monitoring.cloud-activity'],
    },
    {
      id: 'monitoring.metrics',
      title: 'Key metrics monitored',
      question:
        'Are key metrics — CPU, memory, latency, errors, and messaging such as Kafka or MQ — monitored on dashboards (IBM Cloud Monitoring, CloudWatch, Prometheus/Grafana, Datadog)?',
      guidance:
        'Good: dashboards for the golden signals and the saturation of every dependency. Evidence: the dashboard link; detected automatically from Grafana or Datadog annotations.',
      gate: true,
      level: 'bronze',
      weight: 2,
      roles: ['sysadmin'],
      seedRefs: ['f0191064:checklist.2'],
    },
    {
      id: 'monitoring.centralised-logs',
      title: 'Logs centralised with retention',
      question:
        'Are logs shipped to a central log service with search and retention (IBM Log Analysis, ELK/OpenSearch, Loki, Cloud Logging)?',
      guidance:
        'Good: all instances log to one searchable place, retention matches audit and cost needs. Evidence: the log view link.',
      level: 'bronze',
      roles: ['sysadmin'],
      seedRefs: ['f0191064:checklist.3', 'd684a747:checklist.3.retention-cost'],
    },
    {
      id: 'monitoring.cloud-telemetry',
      title: 'Cloud platform logs and metrics captured',
      question:
        'Are the logs and metrics the cloud services themselves emit (load balancers, databases, queues) captured by a service where you can see them?',
      guidance:
        'Good: platform logs and metrics of managed services are routed to the monitoring and log services, so "what just happened to my system?" can be answered. Evidence: the routing configuration.',
      roles: ['sysadmin'],
      seedRefs: [
        'f0191064:monitoring.capture-cloud-logs-metrics',
        'f0191064:monitoring.cloud-activity',
      ],
    },
    {
      id: 'monitoring.platform-health',
      title: 'Cloud platform health watched',
      question:
        "Is the health of the cloud platform itself watched — the provider's status and health events for the accounts, regions and services used (IBM Cloud status notifications, AWS Health, Azure Service Health, Google Cloud Service Health) — so that a provider incident is recognised as one?",
      guidance:
        "Good: the provider's incident, maintenance and quota notifications for what the service uses reach the team's alerting or chat channel, and someone looks at them during an incident. Often answered once on the System. Evidence: the notification subscription or platform health dashboard.",
      roles: ['sysadmin'],
      seedRefs: ['f0191064:monitoring.platform-health'],
    },
    {
      id: 'monitoring.alerting',
      title: 'Alerts page an on-call rota',
      question:
        'Do alerts on the key metrics page someone on call (PagerDuty, Opsgenie, or equivalent)?',
      guidance:
        'Good: alert rules with thresholds tested, routed to an on-call rota. Evidence: the paging integration; detected automatically from PagerDuty and Opsgenie annotations.',
      gate: true,
      level: 'silver',
      weight: 2,
      appliesTo: WORKLOAD_KINDS,
      roles: ['devops-lead', 'test-manager'],
      seedRefs: ['f0191064:checklist.2', 'f0191064:support.who-supports-what'],
    },
  ]),
  ...inCategory('recoverability', [
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
  ]),
  ...inCategory('support', [
    {
      id: 'support.support-model',
      title: 'Support model matches availability',
      question:
        'Is it clear who supports what, with support hours that match the availability target?',
      guidance:
        'Good: a support model naming first and second line for each part and their hours, consistent with the target (24×7 for 99.9 % and above). Evidence: the support document.',
      gate: true,
      level: 'silver',
      roles: ['devops-lead'],
      seedRefs: ['f0191064:support.who-supports-what'],
    },
    {
      id: 'support.open-source',
      title: 'Open-source dependencies supported',
      question:
        'Is every open-source component or product the service relies on supported (vendor support, community health, or in-house expertise)?',
      guidance:
        'Good: a list of significant open-source dependencies with how each is supported and patched. Evidence: the support list or SBOM review.',
      roles: ['architect', 'developer'],
      seedRefs: ['f0191064:support.open-source'],
    },
    {
      id: 'support.deprecation-watch',
      title: 'Provider version changes watched',
      question:
        'Does someone watch for version changes and deprecations of the cloud services and runtimes used, and plan upgrades?',
      guidance:
        'Good: a named owner subscribed to provider deprecation notices, with upgrades planned before end of support. Evidence: the owner and the upgrade plan.',
      roles: ['change-manager', 'sysadmin'],
      seedRefs: [
        'f0191064:support.version-changes',
        'd684a747:organisation.upgrade-watch',
      ],
    },
    {
      id: 'support.runbooks',
      title: 'Runbooks published',
      question:
        'Are operational runbooks published where responders find them?',
      guidance:
        'Good: runbooks for alerts and common operations in TechDocs or the wiki. Evidence: the runbook link; detected automatically from a TechDocs annotation.',
      level: 'bronze',
      appliesTo: WORKLOAD_KINDS,
      roles: ['devops-lead'],
      seedRefs: [
        'f0191064:support.who-supports-what',
        'f0191064:recoverability.who-does-what',
      ],
    },
  ]),
  ...inCategory('organisation', [
    {
      id: 'organisation.ownership',
      title: 'Owned by a team',
      question:
        'Is the entity owned by a team (a Group in the catalog) rather than a person?',
      guidance:
        'Good: `spec.owner` resolves to a Group that exists in the catalog. Scored automatically from the catalog.',
      gate: true,
      level: 'bronze',
      weight: 2,
      roles: ['cto'],
      seedRefs: ['f0191064:organisation.roles-responsibilities'],
    },
    {
      id: 'organisation.roles-assigned',
      title: 'Minimum Viable Organisation roles assigned',
      question:
        'Are all required roles of the Minimum Viable Organisation assigned to people or teams who are still here?',
      guidance:
        'Scored from role health, not self-attested: met when every required role has holders and no holder problem exists; partially met when roles are assigned but a holder has left, a group is empty or one person holds every required role.',
      gate: true,
      level: 'silver',
      weight: 2,
      appliesTo: WORKLOAD_KINDS,
      scoredBy: 'role-health',
      roles: ['cto'],
      seedRefs: [
        'f0191064:checklist.15',
        'f0191064:organisation.roles-responsibilities',
        'f0191064:organisation.mvo',
      ],
    },
    {
      id: 'organisation.data-controller',
      title: 'Data controller named',
      question:
        'Is a data controller named for the data kept (personal data, retention, location, GDPR or equivalent)?',
      guidance:
        'Good: a named data controller and a record of what data is kept, where, and for how long. Mark not applicable when no personal or business data is held. Evidence: the data register.',
      roles: ['data-controller', 'security'],
      seedRefs: ['f0191064:organisation.data-controller'],
    },
    {
      id: 'organisation.change-management',
      title: 'Change management in place',
      question:
        'Is there a change management process, automated where possible (pipelines, approvals, release records)?',
      guidance:
        'Good: every production change goes through an automated pipeline with review and a release record. Evidence: the pipeline or process description.',
      level: 'bronze',
      appliesTo: WORKLOAD_KINDS,
      roles: ['change-manager', 'devops-lead'],
      seedRefs: ['f0191064:checklist.14.change-management'],
    },
    {
      id: 'organisation.problem-management',
      title: 'Problem management in place',
      question:
        'Is there a problem management process that manages everyone involved in a problem, third parties included, through to resolution?',
      guidance:
        'Good: incidents and problems are tracked with a named problem manager, post-incident reviews happen. Evidence: the process and recent review records.',
      appliesTo: WORKLOAD_KINDS,
      roles: ['problem-manager'],
      seedRefs: ['f0191064:checklist.14.problem-management'],
    },
  ]),
  ...inCategory('cost', [
    {
      id: 'cost.baseline-cost',
      title: 'Idle and single-user cost known',
      question:
        'Is it known what the service costs to run with no users, and with one user or customer?',
      guidance:
        'Good: a cost breakdown of the always-on footprint (minimum instances, databases, logging, support contracts). Evidence: the cost model.',
      appliesTo: WORKLOAD_KINDS,
      roles: ['architect', 'product-manager'],
      seedRefs: ['f0191064:cost.no-users', 'f0191064:cost.one-user'],
    },
    {
      id: 'cost.growth-curve',
      title: 'Cost curve from 10 to 1,000,000 users',
      question:
        'Is it known how costs grow with 10, 100, 500, 1,000 and 1,000,000 users or customers?',
      guidance:
        'Good: a cost model per usage tier that shows which parts scale linearly, which step, and where log retention or data transfer dominate. Evidence: the cost model.',
      level: 'gold',
      appliesTo: WORKLOAD_KINDS,
      roles: ['architect', 'product-manager'],
      seedRefs: ['f0191064:cost.many-users'],
    },
    {
      id: 'cost.people-cost',
      title: 'Support and people costs known',
      question:
        'Is it known how support and people costs change as the service grows?',
      guidance:
        'Good: a staffing plan for on-call, support lines and operations at each growth stage. Evidence: the staffing plan.',
      level: 'gold',
      appliesTo: WORKLOAD_KINDS,
      roles: ['cto', 'product-manager'],
      seedRefs: ['f0191064:cost.support-people'],
    },
  ]),
  ...inCategory('security', [
    {
      id: 'security.access-review',
      title: 'Access reviewed and revalidated',
      question:
        'Has cloud account access been reviewed for least privilege within the last 90 days?',
      guidance:
        'Good: a periodic revalidation that each person has only the access the job needs, with removals applied. Evidence: the dated review record. Expires after 90 days.',
      gate: true,
      level: 'bronze',
      weight: 2,
      expiresAfterDays: 90,
      roles: ['security', 'sysadmin'],
      seedRefs: ['f0191064:checklist.13.access-revalidation'],
    },
    {
      id: 'security.account-security',
      title: 'Cloud account security reviewed',
      question:
        'Has the security configuration of the cloud account been reviewed within the last year (multi-factor sign-in for privileged users, no long-lived root or owner keys, public exposure, encryption and audit settings)?',
      guidance:
        "Good: a review of the account against a benchmark (CIS, or the provider's posture service: IBM Cloud Security and Compliance Center, AWS Security Hub, Microsoft Defender for Cloud, Google Security Command Center), with every finding fixed or accepted by the security role. Access itself is the access review's. Often answered once on the System. Evidence: the dated review or posture report. Expires after a year.",
      expiresAfterDays: 365,
      roles: ['security', 'sysadmin'],
      seedRefs: ['f0191064:checklist.13.account-security'],
    },
    {
      id: 'security.starters-leavers',
      title: 'Starters and leavers process',
      question:
        'Is there a starters and leavers process that grants and removes access to people and devices promptly?',
      guidance:
        'Good: access is granted through groups tied to the identity provider and removed on the day someone leaves. Evidence: the process description.',
      level: 'bronze',
      roles: ['security'],
      seedRefs: [
        'f0191064:checklist.13.starters-leavers',
        'd684a747:security.joiners-leavers',
      ],
    },
    {
      id: 'security.tls-certificates',
      title: 'TLS certificates managed',
      question:
        'Is all traffic encrypted with TLS, with certificates renewed automatically?',
      guidance:
        'Good: managed certificates (ACME, a cloud certificate manager) with expiry alerts. Evidence: the certificate configuration.',
      roles: ['sysadmin', 'security'],
      seedRefs: ['d684a747:checklist.4', 'd684a747:security.certificates'],
    },
    {
      id: 'security.vulnerability-scanning',
      title: 'Code and dependencies scanned',
      question:
        'Are code and dependencies scanned for vulnerabilities (SAST, dependency scanning) with findings triaged?',
      guidance:
        'Good: scanning in every build, high findings fixed before release. Evidence: the scanner project; detected automatically from a SonarQube annotation.',
      appliesTo: WORKLOAD_KINDS,
      roles: ['developer', 'security'],
      seedRefs: [
        'd684a747:checklist.5.code-scanning',
        'd684a747:security.source-code',
        'd684a747:security.vulnerability-scanning',
      ],
    },
    {
      id: 'security.secrets-management',
      title: 'Secrets kept in a secret store',
      question:
        'Are secrets kept in a secret store (Vault, a cloud secrets manager), never in code or images?',
      guidance:
        'Good: secrets injected at runtime from a store with rotation. Evidence: the secret path; detected automatically from a Vault annotation.',
      level: 'bronze',
      appliesTo: WORKLOAD_KINDS,
      roles: ['developer', 'security'],
      seedRefs: ['d684a747:security.secrets'],
    },
    {
      id: 'security.pen-test',
      title: 'Penetration tested',
      question:
        'Has the service been penetration tested within the last year, with findings remediated?',
      guidance:
        'Good: an independent penetration test against OWASP Top 10 and CWE Top 25 classes, findings tracked to closure. Evidence: the dated report. Expires after a year.',
      gate: true,
      level: 'gold',
      expiresAfterDays: 365,
      appliesTo: WORKLOAD_KINDS,
      roles: ['security'],
      seedRefs: [
        'd684a747:checklist.5.pen-test',
        'd684a747:security.penetration-testing',
      ],
    },
  ]),
];
