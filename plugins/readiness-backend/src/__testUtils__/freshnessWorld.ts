import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityScorecard } from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import { defaultEngine, storeOn, testComputation } from './computation';
import { editableCatalog } from './editableCatalog';
import { smallOrg } from './entities';
import { keptScorecardOf } from '../database/ReadinessStore';
import { FreshnessPass } from '../service/freshnessPass';
import { FullRunLedger } from '../service/fullRunLedger';
import { storedRollups } from './rollups';

/*
 * The freshness pass's tests' organisation: an editable catalog, a store,
 * the computation and a pass, after a full run and the first pass (which
 * records every entity's facts and asks for a full run).
 */

const engine = defaultEngine();

/** smallOrg (cart, checkout and search in shop) plus svc-0 and svc-1 in shop, svc-0 depending on svc-1 with bob as its dba. */
export function org(): Entity[] {
  const svc = (name: string, spec: object, annotations = {}): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-b',
      system: 'shop',
      ...spec,
    },
  });
  return [
    ...smallOrg(),
    svc(
      'svc-0',
      { dependsOn: ['component:default/svc-1'] },
      { 'prodready.dev/role.dba': 'user:default/bob' },
    ),
    svc('svc-1', {}),
  ];
}

export async function freshnessWorld(
  knex: Knex,
  options: { maxScored?: number } = {},
) {
  const store = await storeOn(knex);
  const world = editableCatalog(org());
  const logger = mockServices.logger.mock();
  const computation = testComputation({
    engine,
    store,
    catalog: world.catalog,
    logger,
  });
  const recomputeMany = jest.spyOn(computation, 'recomputeMany');
  const ledger = new FullRunLedger(store);
  const fullRun = () => ledger.track(() => computation.runFull());
  const pass = new FreshnessPass({
    engine,
    store,
    computation,
    catalog: world.catalog,
    auth: mockServices.auth(),
    logger,
    ...options,
  });
  /** One pass, then the full run if it asks for one: what the scheduled tasks do. */
  const passThenFullRun = async () => {
    const result = await pass.run();
    if (result.fullRunNeeded) await fullRun();
    return result;
  };
  await fullRun();
  // The first pass records the facts of every entity and asks for a full run.
  expect((await passThenFullRun()).fullRunNeeded).toBe(true);
  recomputeMany.mockClear();
  world.state.calls = {};
  return {
    knex,
    store,
    world,
    computation,
    recomputeMany,
    ledger,
    pass,
    passThenFullRun,
    fullRun,
  };
}

export type FreshnessWorld = Awaited<ReturnType<typeof freshnessWorld>>;

/**
 * Every stored scorecard and rollup, without the time they were computed
 * and without their fingerprints, input basis and record tables, which depend on how they
 * were (a full run's summary or one entity's recomputation, see
 * scorecardRow).
 */
export async function everything({
  knex,
  store,
}: Pick<FreshnessWorld, 'knex' | 'store'>) {
  const refs = (await knex('readiness_scorecards').select('entity_ref'))
    .map(r => r.entity_ref as string)
    .sort();
  const scorecards: Record<string, unknown> = {};
  for (const ref of refs) {
    const stored = (await store.getScorecard(ref))!;
    const {
      detailJson,
      fingerprint,
      inputFingerprint,
      inputBasis,
      inputRecords,
      ...rest
    } = stored;
    scorecards[ref] = {
      ...rest,
      computedAt: 0,
      scorecard: keptScorecardOf(stored, '0'),
    };
  }
  return { scorecards, rollups: await storedRollups(store) };
}

/** Expects what is stored to be what a full run from scratch stores; returns it. */
export async function expectSameAsFromScratch(t: FreshnessWorld) {
  const incremental = await everything(t);
  await t.knex('readiness_scorecards').delete();
  await t.knex('readiness_rollups').delete();
  const scratch = await t.computation.runFull();
  expect(scratch.rescored).toBe(scratch.entities);
  expect(await everything(t)).toEqual(incremental);
  return incremental;
}

/**
 * A check's status as stored: from the status kept per check id, or from
 * the full scorecard when the store keeps one.
 */
export async function statusOf(
  t: FreshnessWorld,
  ref: string,
  checkId: string,
) {
  const stored: any = await t.store.getScorecard(ref);
  return (
    stored?.checks?.[checkId] ??
    stored?.scorecard?.checks.find(
      (c: EntityScorecard['checks'][number]) => c.checkId === checkId,
    )?.status
  );
}

export const annotate =
  (key: string, value: string) =>
  (entity: Entity): void => {
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [key]: value,
    };
  };
