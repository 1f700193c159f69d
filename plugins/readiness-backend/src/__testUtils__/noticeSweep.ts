import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  buildReadinessModel,
  Campaign,
  notificationsConfigSchema,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { StoreTransaction } from '../database/ReadinessStore';
import { NotificationSweep } from '../service/notifications/NotificationSweep';
import { defaultEngine, storeOn, testComputation } from './computation';
import { editableCatalog } from './editableCatalog';
import { smallOrg } from './entities';

/*
 * The notices sweep over smallOrg, for the sweep's tests: what it sent,
 * what it recorded, and the keys of its evaluations.
 */

export const SEARCH = 'component:default/search';
export const CHECKOUT = 'component:default/checkout';

/** Hours after a morning, in one UTC day up to 15. */
export const hoursIn = (hours: number) =>
  new Date(Date.parse('2026-12-02T08:00:00Z') + hours * 3_600_000);

/**
 * smallOrg scored, and a sweep over it whose notices are written down as
 * they go out (the portal tests send them through the real notifications
 * backend).
 */
export async function sweepSetup(knex: Knex) {
  const store = await storeOn(knex);
  const entities = smallOrg();
  const edit = editableCatalog(entities);
  const { catalog } = edit;
  const deps = {
    engine: defaultEngine(),
    store,
    catalog,
    auth: mockServices.auth(),
  };
  await testComputation(deps).runFull();
  const sent: string[] = [];
  const notifications = {
    send: async ({ payload }) => {
      sent.push(`${payload.scope} ${payload.title}`);
    },
  } as NotificationService;
  /** A sweep of an instance with these app-config campaigns, at `now`. */
  const sweepOf = (campaigns: Campaign[] = [], now?: Date, pageSize?: number) =>
    new NotificationSweep({
      pageSize,
      ...deps,
      model: buildReadinessModel(),
      config: notificationsConfigSchema.parse({}),
      notifications,
      logger: mockServices.logger.mock(),
      campaigns: async () => campaigns,
      now: now && (() => now),
    });
  const runFull = () => testComputation(deps).runFull();
  /** Notices recorded as sent and still holding. */
  const recorded = async () =>
    Number((await knex('readiness_notices_sent').count({ n: '*' }).first())?.n);
  /** The entities whose last complete evaluation's key is kept. */
  const keyed = async () =>
    (await knex('readiness_notice_evaluations').select('entity_ref'))
      .map(row => row.entity_ref)
      .sort();
  /** Alice answers `ref`'s restore test as met (90 days' validity), in `tx`, not scored. */
  const answerRestoreTest = (tx: StoreTransaction, ref: string) =>
    store.putAnswer(
      tx,
      ref,
      'recoverability.restore-test',
      { status: 'met' },
      'user:default/alice',
      0,
    );
  return {
    knex,
    answerRestoreTest,
    store,
    recorded,
    keyed,
    deps,
    notifications,
    sweep: sweepOf(),
    sweepOf,
    sent,
    entities,
    edit,
    runFull,
  };
}
