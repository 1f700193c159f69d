import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReadinessDetector } from '@prodready/plugin-readiness-common';
import request from 'supertest';
import { detectorsModule } from '../__testUtils__/detectorsModule';
import { smallOrg } from '../__testUtils__/entities';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

/*
 * A contributed detector is a function of the entity. It must see the same
 * entity whichever path scores it: the full run reads whole bodies from the
 * catalog, a route reads the entity it writes or reads whole, the freshness
 * pass reads the fields scoring reads. A status that changed with the path
 * would flip between the nightly run and the next edit or read.
 */

const CHECK = 'support.runbooks';

/** Met when it sees a tier label; not met when it sees more than scoring reads (a description). */
const fieldProbe: ReadinessDetector = {
  id: 'field-probe',
  title: 'Field probe',
  checkIds: [CHECK],
  detect(entity) {
    if (entity.metadata.description !== undefined) {
      return [{ checkId: CHECK, status: 'not-met', note: 'saw more' }];
    }
    return entity.metadata.labels?.tier
      ? [{ checkId: CHECK, status: 'met', note: 'tier labelled' }]
      : [];
  },
};

it('a detector sees the same entity in a full run, a write and a first read', async () => {
  const entities = smallOrg().map(e =>
    e.metadata.name === 'cart'
      ? {
          ...e,
          metadata: {
            ...e.metadata,
            labels: { tier: 'one' },
            description: 'The basket',
          },
        }
      : e,
  );
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      detectorsModule('field-probe', fieldProbe),
      catalogServiceMock.factory({ entities }),
    ],
  });
  const api = request(server);
  const auth = mockCredentials.user.header();
  const cart = '/api/readiness/entities/component/default/cart';
  const statusIn = (body: any) =>
    body.scorecard.checks.find((c: any) => c.checkId === CHECK).status;

  // First read: scored from the entity the route read.
  const first = await api.get(cart).set('Authorization', auth).expect(200);
  expect(statusIn(first.body)).toBe('met');

  // A write: the entity scored again, as the route read it.
  const written = await api
    .put(`${cart}/answers/monitoring.metrics`)
    .set('Authorization', auth)
    .send({ status: 'met', version: 0 })
    .expect(200);
  expect(statusIn(written.body)).toBe('met');

  // The full run scores the cart again (a route's row keeps no input
  // fingerprint); what it stores lists the failing checks.
  await api.post('/api/readiness/compute').set('Authorization', auth);
  const stored = await api
    .get('/api/readiness/scorecards/failing-checks')
    .set('Authorization', auth)
    .expect(200);
  const storedCart = stored.body.items.find(
    (i: any) => i.entityRef === 'component:default/cart',
  );
  expect(storedCart.failingChecks).not.toContain(CHECK);
  const afterRun = await api.get(cart).set('Authorization', auth).expect(200);
  expect(statusIn(afterRun.body)).toBe('met');
});
