import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { readinessPlugin } from './plugin';
import { withRelations } from './__testUtils__/entities';

jest.setTimeout(60_000);

/** The demo organisation shipped in examples/: a realistic catalog. */
function demoOrganisation(): Entity[] {
  const dir = path.resolve(__dirname, '../../../examples');
  return withRelations(
    ['org.yaml', 'systems.yaml', 'components.yaml'].flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        d => d.toJS() as Entity,
      ),
    ),
  );
}

describe('readiness backend with the demo organisation', () => {
  it('precomputes every scorecard and rollup and serves them', async () => {
    const entities = demoOrganisation();
    const { server } = await startTestBackend({
      features: [readinessPlugin, catalogServiceMock.factory({ entities })],
    });
    const api = request(server);
    const auth = mockCredentials.user.header('user:default/carol');
    await api
      .post('/api/readiness/compute')
      .set('Authorization', auth)
      .expect(202);

    const scored = entities.filter(e =>
      ['Component', 'System', 'Resource'].includes(e.kind),
    );
    const csv = await api
      .get('/api/readiness/export.csv')
      .set('Authorization', auth)
      .expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(scored.length + 1);

    const groups = await api
      .get('/api/readiness/rollups?by=group&limit=1000')
      .set('Authorization', auth)
      .expect(200);
    expect(groups.body.totalCount).toBe(
      entities.filter(e => e.kind === 'Group').length,
    );
    const acme = groups.body.items.find(
      (r: any) => r.ref === 'group:default/acme',
    );
    // The organisation counts every entity owned anywhere below it, once.
    const ownedByGroups = scored.filter(
      e => String(e.spec?.owner ?? '').length > 0,
    );
    expect(acme.aggregate.entities).toBe(ownedByGroups.length);
    expect(acme.parent).toBeUndefined();

    // A department's score is the entity-weighted mean of its teams' entities.
    const department = groups.body.items.find(
      (r: any) => r.ref === 'group:default/engineering',
    );
    const children = groups.body.items.filter((r: any) =>
      department.children.includes(r.ref),
    );
    const own = await api
      .get(
        '/api/readiness/scorecards?owner=group:default/engineering&limit=500',
      )
      .set('Authorization', auth)
      .expect(200);
    const sum =
      children.reduce((s: number, c: any) => s + c.aggregate.scoreSum, 0) +
      own.body.items.reduce((s: number, i: any) => s + (i.score ?? 0), 0);
    const count =
      children.reduce((s: number, c: any) => s + c.aggregate.scored, 0) +
      own.body.items.filter((i: any) => i.score !== null).length;
    expect(department.score).toBeCloseTo(sum / count, 0);

    const payments = await api
      .get('/api/readiness/entities/component/default/payments-api')
      .set('Authorization', auth)
      .expect(200);
    expect(payments.body.scorecard.score).toBeGreaterThan(30);
    expect(payments.body.scorecard.score).toBeLessThan(80);
    expect(
      payments.body.scorecard.checks.find(
        (c: any) => c.checkId === 'scalability.load-test',
      ).status,
    ).toBe('unknown');

    const departed = await api
      .get('/api/readiness/entities/component/default/recommendations-api')
      .set('Authorization', auth)
      .expect(200);
    expect(
      departed.body.scorecard.roles.find((r: any) => r.roleId === 'devops-lead')
        .problems,
    ).toEqual([
      expect.objectContaining({
        type: 'holder-not-in-catalog',
        holder: 'user:default/former.employee',
      }),
    ]);
  });
});
