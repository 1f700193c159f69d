import { inCategory, WORKLOAD_KINDS } from './checkDefinition';

export const costChecks = inCategory('cost', [
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
]);
