import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  expectSameAsFromScratch,
  freshnessWorld,
} from '../__testUtils__/freshnessWorld';

jest.setTimeout(120_000);

/*
 * An entity whose lifecycle changes brings its dependants to the freshness
 * pass. A widely used one (a shared database, a core API) can have more
 * than the pass scores in a minute: those are the full run's, and the pass
 * holds no more of them than a catalog page.
 */

const databases = createTestDatabases();

const dependant = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-b',
    dependsOn: ['component:default/svc-1'],
  },
});

/** svc-1 with five more dependants, the pass scoring at most `maxScored`. */
async function setup(id: TestDatabaseId, maxScored: number) {
  const t = await freshnessWorld(await databases.init(id), { maxScored });
  for (let i = 0; i < 5; i++) t.world.add(dependant(`user-of-svc-1-${i}`));
  await t.passThenFullRun();
  t.recomputeMany.mockClear();
  return t;
}

const deprecateSvc1 = (t: Awaited<ReturnType<typeof setup>>) =>
  t.world.edit('Component', 'svc-1', e => {
    e.spec!.lifecycle = 'deprecated';
  });

describe.each(databases.eachSupportedId())(
  'the dependants of a changed lifecycle in the freshness pass on %s',
  id => {
    it('are left to the full run beyond what the pass scores', async () => {
      const t = await setup(id, 4);
      deprecateSvc1(t);

      const result = await t.pass.run();

      // svc-1 itself; its six dependants are more than the three left.
      expect(result.recomputed).toBe(1);
      expect(result.fullRunNeeded).toBe(true);
      expect(result.fullRunReasons).toContain(
        'more than 3 entities depend on entities whose lifecycle changed',
      );
      await t.fullRun();
      await expectSameAsFromScratch(t);
      // The change is recorded: the next pass does not look again.
      t.recomputeMany.mockClear();
      expect(await t.pass.run()).toMatchObject({
        recomputed: 0,
        fullRunNeeded: false,
      });
    });

    it('are looked up again by the next pass when the pass is stopped before scoring them', async () => {
      const t = await setup(id, 1000);
      deprecateSvc1(t);
      const controller = new AbortController();
      // Out of time once svc-1 itself is scored.
      t.recomputeMany.mockRestore();
      const recompute = t.computation.recomputeMany.bind(t.computation);
      jest
        .spyOn(t.computation, 'recomputeMany')
        .mockImplementationOnce(async (...args) => {
          const outcome = await recompute(...args);
          controller.abort();
          return outcome;
        });

      const stopped = await t.pass.run({ signal: controller.signal });
      expect(stopped).toMatchObject({ recomputed: 1, incomplete: true });

      // svc-0 and the five others.
      expect(await t.pass.run()).toMatchObject({
        recomputed: 6,
        incomplete: false,
        fullRunNeeded: false,
      });
      await expectSameAsFromScratch(t);
    });
  },
);
