import { storeOn } from '../../__testUtils__/computation';
import { createTestDatabases } from '../../__testUtils__/databases';
import { silverFromConfig } from '../../__testUtils__/campaigns';
import { progressBasisOf, ProgressBasis } from './progressBasis';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const campaigns = [silverFromConfig];

/*
 * The basis says campaign progress is what a computation from scratch
 * gives, so a full run that changed nothing may skip the computation. Full
 * runs' scorecard writes do not move progress: whatever a run or a
 * computation on another instance did in between, a run that skips must
 * come after a computation that read everything the runs before it wrote.
 */
describe.each(databases.eachSupportedId())(
  'the campaign progress basis on %s',
  id => {
    async function basisAfterComputation(now?: () => number) {
      const basis = new ProgressBasis(
        await storeOn(await databases.init(id)),
        now,
      );
      const first = await basis.take();
      await basis.complete(await basis.begin(first), campaigns);
      return basis;
    }

    it('holds for runs that change nothing after a complete computation, and not for other campaigns', async () => {
      const basis = await basisAfterComputation();
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(true);
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(true);
      expect(await basis.putBack(await basis.take(), [])).toBe(false);
    });

    // A run that wrote scorecards and stopped, or whose computation
    // failed, before its computation ended.
    it('does not hold after a run that ended without its computation', async () => {
      const basis = await basisAfterComputation();
      await basis.take();
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(false);

      const failed = await basis.take();
      await basis.begin(failed);
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(false);
    });

    // Another instance's computation read the scorecards before a run
    // wrote, and ended after that run's computation failed.
    it('does not hold when a computation that began before a run started ends after it', async () => {
      const basis = await basisAfterComputation();
      const early = await basis.begin();
      const run = await basis.take();
      await basis.begin(run);
      await basis.complete(early, campaigns);
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(false);
    });

    // A run that outlived its timeout writes while the next one runs: the
    // first's computation must not set the basis for the second's writes.
    it("leaves a run's hold to that run's own computation", async () => {
      const basis = await basisAfterComputation();
      const first = await basis.take();
      const second = await basis.take();
      await basis.complete(await basis.begin(first), campaigns);
      // The second run changed nothing itself, but the first wrote.
      expect(await basis.putBack(second, campaigns)).toBe(false);

      const third = await basis.take();
      await basis.complete(await basis.begin(third), campaigns);
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(true);
    });

    // A run that outlived its timeout writes its pages in flight while the
    // next run's computation reads, then stops before its own computation.
    it('does not hold while an earlier run may still write, until its hold lapses', async () => {
      let clock = Date.parse('2026-12-02T10:00:00Z');
      const basis = await basisAfterComputation(() => clock);
      await basis.take();
      const next = await basis.take();
      await basis.complete(await basis.begin(next), campaigns);
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(false);

      // An hour on, the stopped run's hold no longer counts.
      clock += 61 * 60 * 1000;
      const later = await basis.take();
      await basis.complete(await basis.begin(later), campaigns);
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(true);
    });

    // The run that changed nothing outlived its timeout: another run took
    // the basis after it, wrote and began a computation that failed.
    it('is not put back by a run when a computation began after it took it', async () => {
      const basis = await basisAfterComputation();
      const late = await basis.take();
      await basis.begin(await basis.take());
      expect(await basis.putBack(late, campaigns)).toBe(false);
      expect(await basis.putBack(await basis.take(), campaigns)).toBe(false);
    });

    // An older release stored the hash alone, which a run that failed
    // before its computation could leave stale; nor is a value of another
    // shape trusted.
    it('does not hold on a value an older release or anything else stored', async () => {
      for (const stored of ['a-hash', { hash: 'a-hash' }, 42]) {
        const store = await storeOn(await databases.init(id));
        const basis = new ProgressBasis(store);
        const hash = progressBasisOf(campaigns);
        await store.setState(
          'campaign-progress-basis',
          stored === 'a-hash' ? hash : stored,
        );
        const run = await basis.take();
        expect(run.found).toBeUndefined();
        expect(await basis.putBack(run, campaigns)).toBe(false);
      }
    });

    it('is not put back by a run when another took it meanwhile', async () => {
      const basis = await basisAfterComputation();
      const first = await basis.take();
      await basis.take();
      expect(await basis.putBack(first, campaigns)).toBe(false);
    });
  },
);
