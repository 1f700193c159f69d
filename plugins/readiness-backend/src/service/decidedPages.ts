import { StoredScorecardInputsPage } from '../database/ReadinessStore';
import { ScorableEntities } from './unchangedEntities';

/** A page of a full run's pass 2, and which of its entities need not be read again. */
export interface DecidedPage {
  refs: string[];
  unchanged: ReadonlySet<string>;
}

/**
 * The scorable entities of a full run in pages, each with those of its
 * entities whose stored scorecard still holds. The stored scorecards are
 * read in ref order, a block at a time, and `decide` tells which of a
 * block's entities did not change; a block's entities that the catalog
 * still holds make its pages. Reading in the table's order lets every
 * query of a decision scan a range of refs instead of naming each entity.
 * The next block is decided while this one's pages are handled. Last come
 * the catalog's entities that have no stored scorecard.
 */
export async function* decidedPages(
  scorable: ScorableEntities,
  blocks: AsyncIterable<StoredScorecardInputsPage>,
  decide: (
    block: StoredScorecardInputsPage,
    etagOf: (ref: string) => string | undefined,
  ) => Promise<ReadonlySet<string>>,
  pageSize: number,
): AsyncGenerator<DecidedPage> {
  const positions = new Map<string, number>();
  scorable.refs.forEach((ref, i) => positions.set(ref, i));
  const etagOf = (ref: string) => {
    const i = positions.get(ref);
    return i === undefined ? undefined : scorable.etags[i];
  };
  const stored = new Uint8Array(scorable.refs.length);
  const iterator = blocks[Symbol.asyncIterator]();
  const decideNext = () => {
    const decided = (async () => {
      const next = await iterator.next();
      if (next.done) return undefined;
      return { block: next.value, unchanged: await decide(next.value, etagOf) };
    })();
    // Awaited once this block's pages are handled; a failure meanwhile is not unhandled.
    decided.catch(() => {});
    return decided;
  };
  const pages = function* pagesOf(
    refs: string[],
    unchanged: ReadonlySet<string>,
  ) {
    for (let i = 0; i < refs.length; i += pageSize) {
      yield { refs: refs.slice(i, i + pageSize), unchanged };
    }
  };

  let ahead = decideNext();
  for (;;) {
    const decided = await ahead;
    if (!decided) break;
    ahead = decideNext();
    const refs: string[] = [];
    for (const ref of decided.block.inputs.keys()) {
      const i = positions.get(ref);
      // Gone from the catalog: the rollups' rebuild removes it.
      if (i === undefined) continue;
      stored[i] = 1;
      refs.push(scorable.refs[i]);
    }
    yield* pages(refs, decided.unchanged);
  }
  const unstored = scorable.refs.filter(
    (ref, i) => !stored[i] && positions.get(ref) === i,
  );
  yield* pages(unstored, new Set());
}
