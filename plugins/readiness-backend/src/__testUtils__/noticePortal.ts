import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { withRelations } from './entities';
import { readinessPlugin } from '../plugin';
import { manualScheduler } from './manualScheduler';

/*
 * A portal with the readiness and notifications backends, for the notices
 * tests: an organisation of one team around the cart, and what they do.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const daysAgo = (days: number) =>
  new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

export const CART = 'component:default/cart';

/**
 * team-a (alice) owns cart, in production. Its backups answer (a year's
 * validity, the DBA and the data controller responsible) was given 355
 * days ago, so it expires in 10 days; its access review (90 days) 100 days
 * ago, so it has expired. dana is its DBA, its CTO has left the catalog,
 * and nobody is its security contact.
 */
export function organisation(
  ctoHolders = 'user:default/ghost',
  testManagers?: string,
): Entity[] {
  const user = (name: string, memberOf: string[] = []): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
  });
  return withRelations([
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    user('alice', ['team-a']),
    user('dana'),
    ...(testManagers ? [user('erin', ['team-a'])] : []),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'cart',
        namespace: 'default',
        title: 'Cart',
        etag: 'cart-1',
        annotations: {
          'prodready.dev/check.recoverability.backups': `met; date=${daysAgo(
            355,
          )}`,
          'prodready.dev/check.security.access-review': `met; date=${daysAgo(
            100,
          )}`,
          'prodready.dev/role.dba': 'user:default/dana',
          'prodready.dev/role.cto': ctoHolders,
          ...(testManagers && {
            'prodready.dev/role.test-manager': testManagers,
          }),
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    },
  ]);
}

/** Only the roles the scenario is about are required. */
const REQUIRED = ['cto', 'security'];
const OTHER_ROLES = [
  'architect',
  'product-manager',
  'developer',
  'devops-lead',
  'dba',
  'sysadmin',
  'change-manager',
  'test-manager',
  'problem-manager',
  'data-controller',
];

function config(
  notifications: JsonObject = {},
  readiness: JsonObject = {},
): JsonObject {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    readiness: {
      ...readiness,
      roles: {
        overrides: Object.fromEntries([
          ...OTHER_ROLES.map(id => [id, { required: false }]),
          ...REQUIRED.map(id => [id, { required: true }]),
        ]),
      },
      notifications,
    },
  };
}

/**
 * The readiness and notifications backends on one database, with a
 * scheduler that runs a task only when the test says so.
 */
export async function startPortal(
  knex: Knex,
  notifications: JsonObject = {},
  entities = organisation(),
  readiness: JsonObject = {},
) {
  const { factory: scheduler, tasks, run } = manualScheduler();
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      notificationsPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: config(notifications, readiness),
      }),
      scheduler,
    ],
  });
  const api = request(server);
  return {
    api,
    run,
    tasks,
    /** The notifications of a user, as the bell reads them. */
    inbox: async (user: string) => {
      const res = await api
        .get('/api/notifications/notifications?limit=100')
        .set('Authorization', mockCredentials.user.header(user))
        .expect(200);
      return res.body.notifications as {
        id: string;
        read: string | null;
        payload: {
          title: string;
          link: string;
          topic: string;
          scope: string;
          severity: string;
        };
      }[];
    },
    markRead: (user: string, ids: string[]) =>
      api
        .post('/api/notifications/notifications/update')
        .set('Authorization', mockCredentials.user.header(user))
        .send({ ids, read: true })
        .expect(200),
  };
}

/** Alice asks to waive cart's restore test until `endsOn`. */
export function aliceRequestsRestoreTest(
  portal: Awaited<ReturnType<typeof startPortal>>,
  endsOn: string,
) {
  return portal.api
    .post('/api/readiness/entities/component/default/cart/exemptions')
    .set('Authorization', mockCredentials.user.header('user:default/alice'))
    .send({
      checkId: 'recoverability.restore-test',
      reasonCode: 'planned-remediation',
      reasonText: 'Drill booked',
      endsOn,
    })
    .expect(201);
}

/** Yesterday cart was Gold, as the daily snapshot shows. */
export async function cartWasGoldYesterday(knex: Knex) {
  const store = await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  await store.transaction(tx =>
    store.putSnapshots(
      tx,
      daysAgo(1),
      [{ ref: CART, owner: 'group:default/team-a', score: 95, level: 'gold' }],
      [],
    ),
  );
}
