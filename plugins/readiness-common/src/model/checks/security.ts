import { inCategory, WORKLOAD_KINDS } from './checkDefinition';

export const securityChecks = inCategory('security', [
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
      'Is all traffic encrypted with TLS, with a certificate management process (automatic or manual) that renews certificates before they expire?',
    guidance:
      'Good: managed certificates (ACME, a cloud certificate manager), or a written manual renewal process with an owner, and expiry alerts either way. Evidence: the certificate configuration or the process.',
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
]);
