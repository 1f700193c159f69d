import { StoredScorecardInputsPage } from '../database/ReadinessStore';

/**
 * Scorable entities as a reader of refs and etags sees them: the etag of
 * `refs[i]` is `etags[i]`. Two arrays rather than an object per entity: a
 * full run keeps them for every entity.
 */
export interface ScorableEntities {
  refs: string[];
  etags: (string | undefined)[];
}

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
  // Sorted when the first block arrives (never in a cold run).
  let positionOf: ((ref: string) => number | undefined) | undefined;
  const stored = new Uint8Array(scorable.refs.length);
  const iterator = blocks[Symbol.asyncIterator]();
  const decideNext = () => {
    const decided = (async () => {
      const next = await iterator.next();
      if (next.done) return undefined;
      const block = next.value;
      positionOf ??= positionsOf(scorable.refs);
      // The block's entities that the catalog still holds, by position.
      const positions = new Map<string, number>();
      for (const ref of block.inputs.keys()) {
        const i = positionOf(ref);
        if (i !== undefined) positions.set(ref, i);
      }
      const etagOf = (ref: string) => {
        const i = positions.get(ref);
        return i === undefined ? undefined : scorable.etags[i];
      };
      return { positions, unchanged: await decide(block, etagOf) };
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
    // Those gone from the catalog are left out: the rollups' rebuild removes them.
    const refs: string[] = [];
    for (const i of decided.positions.values()) {
      stored[i] = 1;
      refs.push(scorable.refs[i]);
    }
    yield* pages(refs, decided.unchanged);
  }
  yield* pages(
    scorable.refs.filter((_, i) => !stored[i]),
    new Set(),
  );
}

/**
 * Finds a ref's position among `refs` by binary search in a sorted
 * permutation: a full run keeps it for the whole pass, and it takes 4 bytes
 * an entity where a map from ref to position takes about 36.
 */
function positionsOf(refs: string[]): (ref: string) => number | undefined {
  const order = Uint32Array.from(
    Array.from(refs.keys()).sort((a, b) => compare(refs[a], refs[b])),
  );
  return ref => {
    let low = 0;
    let high = order.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = compare(refs[order[middle]], ref);
      if (found === 0) return order[middle];
      if (found < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  };
}

function compare(a: string, b: string) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
