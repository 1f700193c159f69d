import { inCategory, WORKLOAD_KINDS } from './checkDefinition';

export const organisationChecks = inCategory('organisation', [
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
]);
