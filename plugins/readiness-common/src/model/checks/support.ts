import { inCategory, WORKLOAD_KINDS } from './checkDefinition';

export const supportChecks = inCategory('support', [
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
    question: 'Are operational runbooks published where responders find them?',
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
]);
