import { inCategory, WORKLOAD_KINDS } from './checkDefinition';

export const monitoringChecks = inCategory('monitoring', [
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
]);
