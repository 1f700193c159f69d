import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import {
  defaultEngine,
  storeOn,
  testComputation,
} from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import { LAST_RUN_STATE, RUN_WRITING_STATE } from './lastRunState';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const SYSTEM = 'system:default/shop';
/** A part of shop with no answer of its own. */
const PART = 'component:default/search';
/** Applies to components and Systems; a part inherits its System's answer. */
const CHECK = 'scalability.sizing';

/**
 * Two backend instances on one database: A runs full runs (pages of two
 * entities), B serves writes. Every entity is scored again by A's next run.
 */
async function twoInstances(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const storeA = await storeOn(knex);
  const storeB = await storeOn(knex);
  const entities: Entity[] = smallOrg();
  const catalog = catalogServiceMock({ entities });
  const engine = defaultEngine();
  const a = testComputation({
    store: storeA,
    catalog,
    engine,
    fullRunPageSize: 2,
  });
  const b = testComputation({ store: storeB, catalog, engine });
  await a.runFull();
  await knex('readiness_scorecards').delete();
  const byRef = new Map(entities.map(e => [entityRefOf(e), e]));
  /** B answers CHECK on `ref`, as an owner's write does. */
  const answerOnB = (ref: string) =>
    b.recompute(byRef.get(ref)!, tx =>
      storeB.putAnswer(
        tx,
        ref,
        CHECK,
        { status: 'met' },
        'user:default/carol',
        0,
      ),
    );
  /** PART's status as A's page wrote it, before anything after the page could mend it. */
  const partAsPageWroteIt = () => {
    const put = storeA.putScorecards.bind(storeA);
    const written: { status?: string } = {};
    jest.spyOn(storeA, 'putScorecards').mockImplementation(async (tx, rows) => {
      await put(tx, rows);
      // The first write of PART is the page's; the run mends it after.
      if (!written.status && rows.some(r => r.member.entityRef === PART)) {
        written.status = (await storeA.getScorecard(PART, tx))!.checks[CHECK];
      }
    });
    return written;
  };
  return { storeA, storeB, a, answerOnB, partAsPageWroteIt };
}

describe.each(databases.eachSupportedId())(
  'a full run beside writes on %s',
  id => {
    it("scores a System's parts with the System's answer written after the run's first pass", async () => {
      const t = await twoInstances(id);
      // B answers on the System once A has read the organisation.
      const streamed = t.storeA.streamScorecardInputs.bind(t.storeA);
      jest.spyOn(t.storeA, 'streamScorecardInputs').mockImplementation(size =>
        (async function* answeredMeanwhile() {
          await t.answerOnB(SYSTEM);
          yield* streamed(size);
        })(),
      );
      const page = t.partAsPageWroteIt();
      await t.a.runFull();
      expect(page.status).toBe('met');
      expect((await t.storeB.getScorecard(PART))!.checks[CHECK]).toBe('met');
    });

    it('leaves the writing mark of a run another instance started while it finished', async () => {
      const t = await twoInstances(id);
      // A outlived its timeout: as it stores its result, B's run starts.
      const theirs = '2026-12-06T09:00:00.000Z';
      const update = t.storeA.updateState.bind(t.storeA);
      jest
        .spyOn(t.storeA, 'updateState')
        .mockImplementation(async (key, change) => {
          await update(key, change);
          if (key === LAST_RUN_STATE) {
            await t.storeB.setState(RUN_WRITING_STATE, theirs);
          }
        });
      await t.a.runFull();
      // Should B's run die, the next run knows the rollups may be half-done.
      expect(await t.storeB.getState(RUN_WRITING_STATE)).toBe(theirs);
    });
  },
);

const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

// On SQLite the database takes one writer at a time: B's write could not
// land between A's reads and locks.
(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  "a full run's page beside a write on %s",
  id => {
    it('scores what a write committed before the page took its locks', async () => {
      const t = await twoInstances(id as TestDatabaseId);
      // B's answer on PART commits as A's page is about to lock PART.
      let wrote = false;
      const lock = t.storeA.lockEntities.bind(t.storeA);
      jest
        .spyOn(t.storeA, 'lockEntities')
        .mockImplementation(async (tx, refs) => {
          if (!wrote && refs.includes(PART)) {
            wrote = true;
            await t.answerOnB(PART);
          }
          return lock(tx, refs);
        });
      const page = t.partAsPageWroteIt();
      await t.a.runFull();
      expect(wrote).toBe(true);
      expect(page.status).toBe('met');
    });
  },
);
