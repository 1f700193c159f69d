import { catalogDetectors, DetectorFinding, ReadinessDetector } from '..';

/*
 * The benchmark's detectors: the always-on catalog detectors, plus stand-ins for the
 * integrations module's annotation detectors (same lookups), so the engine
 * does the detector work the demo backend does.
 */

const annotationDetector = (
  id: string,
  checkId: string,
  keys: string[],
): ReadinessDetector => ({
  id,
  title: id,
  checkIds: [checkId],
  detect(entity): DetectorFinding[] {
    const annotations = entity.metadata.annotations ?? {};
    const key = keys.find(k => annotations[k]?.trim());
    return key ? [{ checkId, status: 'met', note: `configured (${key})` }] : [];
  },
});

export const benchDetectors: ReadinessDetector[] = [
  ...catalogDetectors,
  annotationDetector('runbooks', 'support.runbooks', [
    'backstage.io/techdocs-ref',
  ]),
  annotationDetector('on-call', 'monitoring.alerting', [
    'pagerduty.com/integration-key',
    'pagerduty.com/service-id',
    'opsgenie.com/component-selector',
  ]),
  annotationDetector('dashboards', 'monitoring.metrics', [
    'grafana/dashboard-selector',
    'datadoghq.com/dashboard-url',
    'prometheus.io/rule',
  ]),
  annotationDetector('sonarqube', 'security.vulnerability-scanning', [
    'sonarqube.org/project-key',
  ]),
  annotationDetector('vault', 'security.secrets-management', [
    'vault.io/secrets-path',
  ]),
];
