import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { randomUUID } from 'crypto';

/*
 * Demo data: one pending and one approved exemption on payments-api, so the
 * Readiness tab and the organisation page show both. Only with
 * `demo.seedExemptions: true` (app-config.demo.yaml), and only into a
 * readiness database that has no exemption yet. A module of the readiness
 * plugin, so it shares its database; it writes the rows (and their history)
 * the way the plugin's store does, once the plugin's migrations have run.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const PAYMENTS_API = 'component:default/payments-api';
const ALICE = 'user:default/alice';
const CAROL = 'user:default/carol';

const dayFrom = (now: Date, days: number) =>
  new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
const at = (now: Date, days: number) =>
  new Date(now.getTime() + days * DAY_MS).toISOString();

export default createBackendModule({
  pluginId: 'readiness',
  moduleId: 'demo-exemptions',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
      },
      async init({ config, database, lifecycle, logger }) {
        if (!config.getOptionalBoolean('demo.seedExemptions')) return;
        // Once the backend has started: the plugin's migrations have run
        // and its first full run (20 seconds later) scores the seed.
        lifecycle.addStartupHook(async () => {
          const knex = await database.getClient();
          if (!(await knex.schema.hasTable('readiness_exemptions'))) return;
          const [{ count }] = await knex('readiness_exemptions').count({
            count: '*',
          });
          if (Number(count) > 0) return;
          const now = new Date();
          const approved = {
            id: randomUUID(),
            entity_ref: PAYMENTS_API,
            check_id: 'security.pen-test',
            reason_code: 'planned-remediation',
            reason_text:
              'External pen test booked with the vendor; report due before the end date',
            ends_on: dayFrom(now, 25),
            status: 'approved',
            requested_by: ALICE,
            requested_at: at(now, -10),
            decided_by: CAROL,
            decided_at: at(now, -9),
            decision_note: 'Approved until the vendor report',
            version: 2,
          };
          const pending = {
            id: randomUUID(),
            entity_ref: PAYMENTS_API,
            check_id: 'support.runbooks',
            reason_code: 'compensating-control',
            reason_text:
              'Refund failures are handled by the PSP support desk until our runbook is written',
            ends_on: dayFrom(now, 60),
            status: 'pending',
            requested_by: ALICE,
            requested_at: at(now, -1),
            version: 1,
          };
          const history = (
            row: typeof approved | typeof pending,
            action: string,
            actor: string,
            when: string,
          ) => ({
            entity_ref: row.entity_ref,
            subject: 'exemption',
            subject_id: row.check_id,
            action,
            before: null,
            after: JSON.stringify(row),
            actor,
            at: when,
          });
          await knex.transaction(async tx => {
            await tx('readiness_exemptions').insert([approved, pending]);
            await tx('readiness_history').insert([
              history(approved, 'request', ALICE, approved.requested_at),
              history(approved, 'approve', CAROL, approved.decided_at),
              history(pending, 'request', ALICE, pending.requested_at),
            ]);
          });
          logger.info(
            'Demo: seeded a pending and an approved exemption on payments-api',
          );
        });
      },
    });
  },
});
