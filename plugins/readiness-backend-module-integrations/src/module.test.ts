import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
// The test wires the module into the real plugin to prove the extension point works.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import readinessPlugin from '@prodready/plugin-readiness-backend';
import { readinessModuleIntegrations } from './module';
import { integrationDetectors } from './detectors';

const context = {
  catalog: {
    exists: () => true,
    groupMemberCount: () => 1,
    groupMembers: () => ['user:default/someone'],
    lifecycleOf: () => undefined,
  },
};

function entity(
  annotations: Record<string, string>,
  links: Entity['metadata']['links'] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'default', annotations, links },
    spec: {
      type: 'service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
  };
}

function findings(e: Entity) {
  return integrationDetectors.flatMap(d => d.detect(e, context));
}

describe('integration detectors', () => {
  it('turns well-known annotations into automatic evidence', () => {
    expect(
      findings(
        entity({
          'backstage.io/techdocs-ref': 'dir:.',
          'pagerduty.com/integration-key': 'abc',
          'datadoghq.com/dashboard-url': 'https://app.datadoghq.com/dash/1',
          'sonarqube.org/project-key': 'svc',
          'vault.io/secrets-path': 'svc/prod',
        }),
      ).map(f => [f.checkId, f.status, f.evidenceUrl]),
    ).toEqual([
      ['support.runbooks', 'met', undefined],
      ['monitoring.alerting', 'met', undefined],
      ['monitoring.metrics', 'met', 'https://app.datadoghq.com/dash/1'],
      ['security.vulnerability-scanning', 'met', undefined],
      ['security.secrets-management', 'met', undefined],
    ]);
  });

  it('uses typed links as evidence and ignores non-http links', () => {
    const e = entity({ 'opsgenie.com/component-selector': 'svc' }, [
      { url: 'https://wiki.example/runbook', type: 'runbook' },
      { url: 'ftp://files.example/dashboard', type: 'dashboard' },
    ]);
    expect(findings(e).map(f => [f.checkId, f.evidenceUrl])).toEqual([
      ['support.runbooks', 'https://wiki.example/runbook'],
      ['monitoring.alerting', undefined],
    ]);
  });

  it('skips links and annotations with control characters for the next evidence', () => {
    const e = entity(
      { 'datadoghq.com/dashboard-url': 'https://app.datadoghq.com/\u0000' },
      [
        { url: '\u0001https://wiki.example/bad', type: 'runbook' },
        { url: 'https://wiki.example/runbook', type: 'runbook' },
        { url: 'https://grafana.example/d/1', type: 'dashboard' },
      ],
    );
    expect(findings(e).map(f => [f.checkId, f.evidenceUrl])).toEqual([
      ['support.runbooks', 'https://wiki.example/runbook'],
      ['monitoring.metrics', 'https://grafana.example/d/1'],
    ]);
  });

  it('stays silent without evidence', () => {
    expect(findings(entity({}))).toEqual([]);
  });
});

describe('readinessModuleIntegrations', () => {
  it('contributes its detectors through the extension point', async () => {
    const entities = [entity({ 'pagerduty.com/service-id': 'P123' })];
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        readinessModuleIntegrations,
        catalogServiceMock.factory({ entities }),
      ],
    });
    const auth = mockCredentials.user.header();
    const model = await request(server)
      .get('/api/readiness/model')
      .set('Authorization', auth)
      .expect(200);
    expect(
      model.body.checks.find((c: any) => c.id === 'monitoring.alerting')
        .detectors,
    ).toEqual(['on-call-paging']);
    const card = await request(server)
      .get('/api/readiness/entities/component/default/svc')
      .set('Authorization', auth)
      .expect(200);
    expect(
      card.body.scorecard.checks.find(
        (c: any) => c.checkId === 'monitoring.alerting',
      ),
    ).toMatchObject({
      status: 'met',
      source: 'automatic',
    });
  });
});
