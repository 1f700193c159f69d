import { ScorableEntities } from './unchangedEntities';

/**
 * Which scorable entities a full run need not read again, decided a block of
 * several pages at a time, while the run reads, scores and writes a page at
 * a time. The pages are asked for in order, so only the current block's
 * decision is kept.
 */
export class UnchangedDecisions {
  private block = -1;
  private decision: Promise<ReadonlySet<string>> = Promise.resolve(new Set());

  constructor(
    private readonly scorable: ScorableEntities,
    /** Entities per block: a multiple of the page size. */
    private readonly blockSize: number,
    private readonly decide: (
      block: ScorableEntities,
    ) => Promise<ReadonlySet<string>>,
  ) {}

  /** The decision covering the scorable entities from `start` (a page's first) on. */
  of(start: number): Promise<ReadonlySet<string>> {
    const block = Math.floor(start / this.blockSize);
    if (block !== this.block) {
      const from = block * this.blockSize;
      const to = from + this.blockSize;
      this.block = block;
      this.decision = this.decide({
        refs: this.scorable.refs.slice(from, to),
        etags: this.scorable.etags.slice(from, to),
      });
      // Awaited by the block's pages; a failure meanwhile is not unhandled.
      this.decision.catch(() => {});
    }
    return this.decision;
  }
}
