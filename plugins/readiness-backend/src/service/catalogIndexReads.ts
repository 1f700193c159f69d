import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { CatalogIndex, ENTITY_FIELDS, INDEX_FIELDS } from './catalogLookup';

/** An entity read whole with the index's first request, and the role holders its body names. */
export interface AlongsideRead {
  ref: string;
  /** The role holders only its body names (read in the next request, with their sub-teams). */
  holdersOf?(entity: Entity): string[];
}

/**
 * What one entity's scoring looks up in the catalog: `refs` whose existence
 * and lifecycle it asks (owner, dependencies), and the role `holders`,
 * whose members it counts, sub-teams included.
 */
export interface Lookups {
  refs: Iterable<string>;
  holders: Iterable<string>;
  /**
   * Whether every member of the holder groups is wanted (who may decide as
   * a holder). Scoring tells only none, one person or several apart, so
   * without it the teams below are read only while a holder group has
   * fewer than two people: a department of hundreds of teams is not read
   * on every write.
   */
  allMembers?: boolean;
}

/**
 * Reads the given refs from the catalog into an index (for one entity's
 * recomputation), and the groups below the groups among the holders, so
 * that the index answers what scoring asks as the full run's does: a
 * holder's members are the people of its sub-teams too, while an owner
 * group needs only to exist (a department owning a service does not bring
 * its whole tree in).
 */
export async function indexRefs(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  lookups: Lookups,
): Promise<CatalogIndex> {
  return (await indexRefsWith(catalog, credentials, lookups)).index;
}

/** What the reads of one {@link indexRefsWith} share. */
interface IndexReads {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  index: CatalogIndex;
  /** Every ref asked for, by any of the reads: each is asked for once. */
  requested: Set<string>;
  /** The groups whose sub-groups are read: holders, and the groups below them. */
  walked: Set<string>;
  /** The holders asked for, by any of the reads. */
  holders: Set<string>;
  allMembers: boolean;
  bodies: Map<string, Entity>;
}

/** Whether the groups below the holders are still wanted (see {@link Lookups.allMembers}). */
function walking(reads: IndexReads): boolean {
  if (reads.allMembers) return true;
  for (const holder of reads.holders) {
    const members = reads.index.groupMembers(holder);
    if (members && members.length < 2) return true;
  }
  return false;
}

/**
 * {@link indexRefs}, with the `alongside` entities (the scored entity, its
 * System) read in the first request, with the fields the engine reads,
 * rather than in requests of their own before it: round trips to the
 * catalog less. Their bodies are returned by ref; each joins the index only
 * if it is among the lookups. The `joining` holders, known only later (the
 * holders of roles stored in the portal), are read as soon as they are
 * known, beside the other requests rather than before or after them, unless
 * asked for already.
 */
export async function indexRefsWith(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  lookups: Lookups,
  alongside: AlongsideRead[] = [],
  joining?: Promise<Iterable<string>>,
): Promise<{ index: CatalogIndex; bodies: Map<string, Entity> }> {
  const reads: IndexReads = {
    catalog,
    credentials,
    index: new CatalogIndex(),
    requested: new Set(),
    walked: new Set(),
    holders: new Set(),
    allMembers: !!lookups.allMembers,
    bodies: new Map(),
  };
  await Promise.all([
    readInto(reads, [...lookups.refs], [...lookups.holders], alongside),
    joining?.then(more => readInto(reads, [], [...more])),
  ]);
  return { index: reads.index, bodies: reads.bodies };
}

/**
 * Marks `holders` as groups whose sub-groups are read; those not asked
 * for yet, and the groups below those already read, to read next.
 */
function holdersToRead(reads: IndexReads, holders: Iterable<string>) {
  const next: string[] = [];
  const read: string[] = [];
  for (const holder of holders) {
    reads.holders.add(holder);
    if (reads.walked.has(holder)) continue;
    reads.walked.add(holder);
    if (!reads.requested.has(holder)) next.push(holder);
    else if (reads.index.exists(holder)) read.push(holder);
  }
  return walking(reads) ? [...next, ...subGroupsToRead(reads, read)] : next;
}

/**
 * The groups below `groups` (read, and marked as walked) not asked for
 * yet, through those below them already read; each is marked as walked,
 * so it is walked in turn once read (by whichever read asked for it).
 * Each group is walked once, so a cycle of groups ends.
 */
function subGroupsToRead(reads: IndexReads, groups: string[]): string[] {
  const { index, requested, walked } = reads;
  const unread: string[] = [];
  const queue = [...groups];
  while (queue.length) {
    for (const child of index.subGroups(queue.pop()!)) {
      if (walked.has(child)) continue;
      walked.add(child);
      if (!requested.has(child)) unread.push(child);
      else if (index.exists(child)) queue.push(child);
    }
  }
  return unread;
}

/** Reads `refs` and `holders` (those not asked for yet) and the groups below the holders, into the shared index. */
async function readInto(
  reads: IndexReads,
  refs: string[],
  holders: string[],
  alongside: AlongsideRead[] = [],
): Promise<void> {
  const { index, requested, bodies } = reads;
  const wanted = new Set(alongside.map(read => read.ref));
  const fromHolders = holdersToRead(reads, holders);
  let next = [...new Set([...refs, ...fromHolders])].filter(
    ref => !requested.has(ref),
  );
  let first = true;
  while (next.length > 0 || (first && wanted.size > 0)) {
    next.forEach(ref => requested.add(ref));
    const withBodies = first && wanted.size > 0;
    const extra = withBodies ? [...wanted].filter(r => !requested.has(r)) : [];
    const entityRefs = [...extra, ...next];
    const own = new Set(next);
    const groups: string[] = [];
    for (let i = 0; i < entityRefs.length; i += 200) {
      const part = entityRefs.slice(i, i + 200);
      const { items } = await reads.catalog.getEntitiesByRefs(
        {
          entityRefs: part,
          fields: withBodies ? ENTITY_FIELDS : INDEX_FIELDS,
        },
        { credentials: reads.credentials },
      );
      for (let j = 0; j < items.length; j++) {
        const item = items[j];
        if (!item) continue;
        if (withBodies && wanted.has(part[j])) bodies.set(part[j], item);
        if (!own.has(part[j])) continue;
        index.add(item);
        if (item.kind.toLowerCase() === 'group') groups.push(entityRefOf(item));
      }
    }
    // Only below holders: an owner or a dependency needs no sub-groups.
    // Every walked group read is looked at again: a group read just now
    // may be the sub-group of one walked before (a link only it records).
    const more = new Set(
      groups.length && walking(reads)
        ? subGroupsToRead(
            reads,
            [...reads.walked].filter(g => index.exists(g)),
          )
        : [],
    );
    for (const read of first ? alongside : []) {
      const body = bodies.get(read.ref);
      if (body && read.holdersOf) {
        holdersToRead(reads, read.holdersOf(body)).forEach(r => more.add(r));
      }
    }
    next = [...more].filter(ref => !requested.has(ref));
    first = false;
  }
}
