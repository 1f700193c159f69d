import { StoredScorecardInputsPage } from '../database/ReadinessStore';
import { decidedPages, DecidedPage } from './decidedPages';

const ref = (name: string) => `component:default/${name}`;

/** A block of stored scorecards, as the store pages them. */
function block(...names: string[]): StoredScorecardInputsPage {
  const refs = names.map(ref);
  return {
    range: { from: refs[0], to: refs[refs.length - 1] },
    inputs: new Map(refs.map(r => [r, { inputFingerprint: `f-${r}` }])),
  };
}

async function* blocksOf(...blocks: StoredScorecardInputsPage[]) {
  yield* blocks;
}

/** Decides that the entities whose etag is "same" did not change. */
const byEtag = async (
  b: StoredScorecardInputsPage,
  etagOf: (ref: string) => string | undefined,
) => new Set([...b.inputs.keys()].filter(r => etagOf(r) === 'same'));

async function all(pages: AsyncIterable<DecidedPage>) {
  const out: { refs: string[]; unchanged: string[] }[] = [];
  for await (const page of pages) {
    out.push({
      refs: page.refs,
      unchanged: page.refs.filter(r => page.unchanged.has(r)),
    });
  }
  return out;
}

describe('decidedPages', () => {
  // The catalog lists d, a, new, b, c; the store holds a, b, c, d and gone.
  const scorable = {
    refs: ['d', 'a', 'new', 'b', 'c'].map(ref),
    etags: ['same', 'same', 'same', 'edited', 'same'],
  };

  it("gives the stored entities in the store's order, then those without a stored scorecard, and leaves out those gone from the catalog", async () => {
    const pages = await all(
      decidedPages(
        scorable,
        blocksOf(block('a', 'b', 'c'), block('d', 'gone')),
        byEtag,
        2,
      ),
    );
    expect(pages).toEqual([
      { refs: [ref('a'), ref('b')], unchanged: [ref('a')] },
      { refs: [ref('c')], unchanged: [ref('c')] },
      { refs: [ref('d')], unchanged: [ref('d')] },
      { refs: [ref('new')], unchanged: [] },
    ]);
  });

  it('scores everything when nothing is stored', async () => {
    const pages = await all(decidedPages(scorable, blocksOf(), byEtag, 10));
    expect(pages).toEqual([{ refs: scorable.refs, unchanged: [] }]);
  });

  it('decides the next block while the pages of this one are handled, and reports its failure when they are done', async () => {
    const decided: string[] = [];
    const pages = decidedPages(
      scorable,
      blocksOf(block('a', 'b'), block('c', 'd')),
      async (b, etagOf) => {
        decided.push(b.range.from);
        if (b.range.from === ref('c')) throw new Error('catalog unreachable');
        return byEtag(b, etagOf);
      },
      1,
    );
    const first = await pages.next();
    expect(first.value?.refs).toEqual([ref('a')]);
    // Let the next block's decision start while page a is handled.
    await new Promise(resolve => setImmediate(resolve));
    expect(decided).toEqual([ref('a'), ref('c')]);
    expect((await pages.next()).value?.refs).toEqual([ref('b')]);
    await expect(pages.next()).rejects.toThrow('catalog unreachable');
  });
});
