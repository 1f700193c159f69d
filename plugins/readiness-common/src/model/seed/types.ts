import type { SeedReference } from '../../types';

/** A heading of a revision of the seed document. @public */
export interface SeedSection {
  /** Stable id used by entries, e.g. `monitoring`, `checklist`. */
  id: string;
  /** The heading as the document writes it (a heading, not a sentence). */
  heading: string;
  /** 1 for `#`, 2 for `##`. */
  depth: number;
}

/**
 * One thing the seed asks, where it asks it: a bullet of a section (by its
 * position, `2` or `2.1`) or a numbered item of the quick checklist. One
 * bullet or item may ask several things, each an entry of its own.
 * @public
 */
export interface SeedEntry {
  /** Unique within the revision, e.g. `resiliency.multi-region`, `checklist.13.account-security`. */
  id: string;
  /** Id of the section the entry sits in. */
  section: string;
  /** Position of the bullet in its section: `2` is the second top-level bullet, `2.1` its first sub-bullet. */
  bullet?: string;
  /** Number of the numbered item, as the document writes it. */
  number?: number;
  /** What the seed asks there, in our words (never the seed's sentences). */
  paraphrase: string;
  /** The entry of an earlier revision this one repeats; checks trace to that one. */
  sameAs?: SeedReference;
  /** For the introduction's list of categories: the model category named. */
  category?: string;
}

/** One revision (commit) of the seed document and its structure. @public */
export interface SeedRevision {
  /** Short commit id of tim-minter/moving-to-production. */
  id: string;
  /** Commit date, YYYY-MM-DD. */
  date: string;
  /** What the revision is, in a sentence. */
  summary: string;
  sections: SeedSection[];
  entries: SeedEntry[];
}

/** The structure of every revision of the seed the model traces to. @public */
export interface SeedIndex {
  /** Where the document lives. */
  source: string;
  /** Id of the revision that is the seed (the document the project started from). */
  seedRevision: string;
  revisions: SeedRevision[];
}
