import { inCategory, WORKLOAD_KINDS } from './checkDefinition';

export const resiliencyChecks = inCategory('resiliency', [
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
]);
