import { Entity } from '@backstage/catalog-model';
import {
  DetectorFinding,
  isEvidenceUrl,
  ReadinessDetector,
} from '@prodready/plugin-readiness-common';

function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function link(entity: Entity, types: string[]): string | undefined {
  return entity.metadata.links?.find(
    l =>
      l.type &&
      types.includes(l.type.toLocaleLowerCase('en-US')) &&
      isEvidenceUrl(l.url),
  )?.url;
}

/*
 * Each detector's `version` is raised when what it finds changes, so that the
 * backend scores every entity again (it keeps scorecards until their inputs
 * change, and a detector's code is not one of them).
 */

/** `support.runbooks` from TechDocs, or a link typed `runbook`. */
export const runbooksDetector: ReadinessDetector = {
  id: 'techdocs-runbooks',
  version: '1',
  title: 'TechDocs or runbook link',
  checkIds: ['support.runbooks'],
  detect(entity) {
    const runbook = link(entity, ['runbook']);
    if (runbook) {
      return [
        {
          checkId: 'support.runbooks',
          status: 'met',
          evidenceUrl: runbook,
          note: 'runbook link on the entity',
        },
      ];
    }
    return annotation(entity, 'backstage.io/techdocs-ref')
      ? [
          {
            checkId: 'support.runbooks',
            status: 'met',
            note: 'TechDocs published (backstage.io/techdocs-ref)',
          },
        ]
      : [];
  },
};

/** `monitoring.alerting` from PagerDuty or Opsgenie integration annotations. */
export const onCallDetector: ReadinessDetector = {
  id: 'on-call-paging',
  version: '1',
  title: 'PagerDuty or Opsgenie paging',
  checkIds: ['monitoring.alerting'],
  detect(entity) {
    const sources: [string, string][] = [
      ['pagerduty.com/integration-key', 'PagerDuty integration'],
      ['pagerduty.com/service-id', 'PagerDuty service'],
      ['opsgenie.com/component-selector', 'Opsgenie component'],
      ['opsgenie.com/team', 'Opsgenie team'],
    ];
    const found = sources.find(([key]) => annotation(entity, key));
    return found
      ? [
          {
            checkId: 'monitoring.alerting',
            status: 'met',
            note: `alerts page through the ${found[1]} (${found[0]})`,
          },
        ]
      : [];
  },
};

/** `monitoring.metrics` from Grafana, Datadog or Prometheus annotations, or a dashboard link. */
export const dashboardsDetector: ReadinessDetector = {
  id: 'metrics-dashboards',
  version: '1',
  title: 'Grafana, Datadog or Prometheus dashboards',
  checkIds: ['monitoring.metrics'],
  detect(entity) {
    const datadog = annotation(entity, 'datadoghq.com/dashboard-url');
    if (datadog && isEvidenceUrl(datadog)) {
      return [
        {
          checkId: 'monitoring.metrics',
          status: 'met',
          evidenceUrl: datadog,
          note: 'Datadog dashboard',
        },
      ];
    }
    const dashboard = link(entity, ['dashboard', 'grafana']);
    if (dashboard) {
      return [
        {
          checkId: 'monitoring.metrics',
          status: 'met',
          evidenceUrl: dashboard,
          note: 'dashboard link on the entity',
        },
      ];
    }
    const key = [
      'grafana/dashboard-selector',
      'grafana/alert-label-selector',
      'prometheus.io/rule',
    ].find(k => annotation(entity, k));
    return key
      ? [
          {
            checkId: 'monitoring.metrics',
            status: 'met',
            note: `metrics dashboards configured (${key})`,
          },
        ]
      : [];
  },
};

/** `security.vulnerability-scanning` from SonarQube; `security.secrets-management` from Vault. */
export const securityToolsDetector: ReadinessDetector = {
  id: 'security-tools',
  version: '1',
  title: 'SonarQube scanning and Vault secrets',
  checkIds: ['security.vulnerability-scanning', 'security.secrets-management'],
  detect(entity) {
    const findings: DetectorFinding[] = [];
    if (annotation(entity, 'sonarqube.org/project-key')) {
      findings.push({
        checkId: 'security.vulnerability-scanning',
        status: 'met',
        note: 'scanned by SonarQube (sonarqube.org/project-key)',
      });
    }
    if (annotation(entity, 'vault.io/secrets-path')) {
      findings.push({
        checkId: 'security.secrets-management',
        status: 'met',
        note: 'secrets kept in Vault (vault.io/secrets-path)',
      });
    }
    return findings;
  },
};

/** @public */
export const integrationDetectors: ReadinessDetector[] = [
  runbooksDetector,
  onCallDetector,
  dashboardsDetector,
  securityToolsDetector,
];
