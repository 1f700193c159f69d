import { ReadinessRole, RoleRequirement } from '../types';

/** A role as defined, before the checks it is responsible for are derived. @public */
export type ReadinessRoleDefinition = Omit<ReadinessRole, 'checks'>;

/**
 * Entities that hold personal data: marked with the annotation
 * `prodready.dev/personal-data: "true"` or the tag `personal-data`, and not
 * answering the data-controller check as not applicable.
 * @public
 */
export const personalDataHeld: RoleRequirement = {
  annotations: ['prodready.dev/personal-data'],
  tags: ['personal-data'],
  unlessNotApplicable: ['organisation.data-controller'],
};

/**
 * The eleven roles of the Minimum Viable Organisation chart, plus the Data
 * Controller the seed's Organisation section asks for. One person may hold
 * several roles ("a single person could be performing multiple roles").
 * @public
 */
export const defaultRoles: ReadinessRoleDefinition[] = [
  {
    id: 'cto',
    title: 'CTO',
    responsibility:
      'Strategic vision and high-level business requirements; the helicopter technical view. Accountable overall.',
    required: true,
  },
  {
    id: 'security',
    title: 'Security (e.g. CISO)',
    responsibility:
      "Security, people's data and its location, compliance and GDPR (or equivalent), encryption, regulatory requirements; attack vectors, CWE Top 25, OWASP Top 10, device security.",
    required: true,
  },
  {
    id: 'architect',
    title: 'Architect',
    responsibility:
      'Cloud, capacity planning and solution architecture; deep knowledge of the environment and technology.',
    required: true,
  },
  {
    id: 'devops-lead',
    title: 'DevOps Leader',
    responsibility:
      'Agile, DevOps, cloud; day-to-day responsibility for smooth running and release management.',
    required: true,
  },
  {
    id: 'product-manager',
    title: 'Product Manager',
    responsibility:
      'User experience and interface design, design thinking, market knowledge; decides what availability and cost per user the product needs.',
    required: true,
  },
  {
    id: 'developer',
    title: 'Developer',
    responsibility:
      'Back end, front end, messaging, security and database code.',
    required: true,
  },
  {
    id: 'dba',
    title: 'DB Administrator',
    responsibility:
      'Open-source and managed databases: availability, backups and restores. Optional where the database is fully managed.',
    required: false,
  },
  {
    id: 'sysadmin',
    title: 'System Administrator',
    responsibility:
      'Cloud administration, monitoring, logging and security of the platform.',
    required: true,
  },
  {
    id: 'change-manager',
    title: 'Change Manager',
    responsibility:
      'An automated change process, and watching provider version changes and deprecations. May be merged with the Test Manager.',
    required: true,
  },
  {
    id: 'test-manager',
    title: 'Test Manager/Engineer',
    responsibility:
      'Defines continuous and deployment testing, performs testing (load, restore, DR) and defines alerts.',
    required: true,
  },
  {
    id: 'problem-manager',
    title: 'Problem Manager',
    responsibility:
      'Manages the people involved when there is a problem, third parties included; responsible for resolution and for coordinating disaster recovery.',
    required: true,
  },
  {
    id: 'data-controller',
    title: 'Data Controller',
    responsibility:
      'Decides what data is kept, where and for how long, and answers for it (GDPR or equivalent). May be held by the Security role.',
    required: true,
    // The seed asks for a data controller where personal data is kept.
    requiredWhen: personalDataHeld,
  },
];
