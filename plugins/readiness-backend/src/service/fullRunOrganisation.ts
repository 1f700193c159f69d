import { Entity } from '@backstage/catalog-model';
import {
  entityRefOf,
  OrgStructure,
  ReadinessEngine,
  readinessKinds,
} from '@prodready/plugin-readiness-common';
import { ReadinessStore, StoreTransaction } from '../database/ReadinessStore';
import {
  CatalogIndex,
  ETAG_FIELDS,
  GROUP_FIELDS,
  INHERITED_SYSTEM_FIELDS,
  structureOf,
} from './catalogLookup';
import { FullRunCatalog } from './fullRunCatalog';
import { holdersOf, RefLookups } from './refLookups';
import { inheritablesOf } from './scoringInputs';
import { HandedDown } from './inputFingerprint';
import { ScorableEntities } from './decidedPages';

/**
 * The rollup tree's kinds, read by the first pass with what it looks at:
 * groups with their relations (members, parents, children) but not their
 * annotations; Systems with what scoring reads (what they hand down) but
 * not their relations, which name each of their parts (5.8 MB of the
 * stream at 100,000 entities). A scorable kind's bodies are read by ref in
 * pass 2.
 */
const STRUCTURE_STREAMS = [
  { kinds: ['group'], fields: GROUP_FIELDS },
  { kinds: ['system', 'domain'], fields: INHERITED_SYSTEM_FIELDS },
];
const STRUCTURAL_KINDS = STRUCTURE_STREAMS.flatMap(stream => stream.kinds);
/** What the first pass reads of every scorable entity: that it exists, its etag (for pass 2) and its lifecycle. */
const INDEX_FIELDS = [...ETAG_FIELDS, 'spec.lifecycle'];

/** What the first pass learns of the catalog; it is kept for the whole run. */
export interface Organisation {
  index: CatalogIndex;
  structure: OrgStructure;
  inheritables: Map<string, HandedDown>;
  /** Systems named by parts that the catalog did not have when a page asked for them. */
  absentSystems: Set<string>;
  /** The scorable entities' refs and etags, for pass 2. */
  scorable: ScorableEntities;
  /** Reads into the index the refs of kinds the first pass did not stream. */
  lookups: RefLookups;
}

/**
 * Pass 1 of a full run: the scorable entities, the rollup tree and what
 * Systems hand down. The streams are read at once (the scorable kinds in
 * two, see {@link FullRunCatalog.kindPages}): the catalog prepares one's
 * pages while this process handles another's.
 */
export async function readOrganisation(deps: {
  engine: ReadinessEngine;
  store: ReadinessStore;
  catalog: FullRunCatalog;
  transaction: <T>(fn: (tx: StoreTransaction) => Promise<T>) => Promise<T>;
}): Promise<Organisation> {
  const { engine, catalog } = deps;
  const index = new CatalogIndex();
  const structure: OrgStructure = { groups: [], systems: [], domains: [] };
  const systems: Entity[] = [];
  const structural = new Set(STRUCTURAL_KINDS);
  const scorable: ScorableEntities = { refs: [], etags: [] };
  const readStructure = async () => {
    for (const { kinds, fields } of STRUCTURE_STREAMS) {
      for await (const page of catalog.pages({
        filter: { kind: kinds },
        fields,
        pageSize: 1000,
      })) {
        const part = structureOf(page);
        structure.groups.push(...part.groups);
        structure.systems.push(...part.systems);
        structure.domains.push(...part.domains);
        for (const entity of page) {
          index.add(entity);
          if (entity.kind.toLowerCase() === 'system') systems.push(entity);
        }
      }
    }
  };
  const scorableKinds = readinessKinds(engine.model.checks).filter(kind =>
    engine.appliesTo(kind),
  );
  const readIndex = async () => {
    if (!scorableKinds.length) return;
    for await (const page of catalog.kindPages(scorableKinds, {
      fields: INDEX_FIELDS,
      pageSize: 5000,
    })) {
      for (const entity of page) {
        // The structural kinds are added whole by the other stream. One
        // string per ref (at 100,000 entities a copy is ~6 MB more heap).
        const ref = structural.has(entity.kind.toLowerCase())
          ? entityRefOf(entity)
          : index.add(entity);
        if (engine.appliesTo(entity.kind)) {
          scorable.refs.push(ref);
          scorable.etags.push(entity.metadata.etag);
        }
      }
    }
  };
  await Promise.all([readStructure(), readIndex()]);
  const inheritables = await deps.transaction(tx =>
    inheritablesOf(deps.store, engine, tx, systems),
  );
  const lookups = new RefLookups(
    catalog,
    index,
    new Set([...STRUCTURAL_KINDS, ...scorableKinds]),
  );
  // Every part of a System looks up its holders: read them once.
  await lookups.resolve(
    [...inheritables.values()].flatMap(s => holdersOf(s.roles.values())),
  );
  return {
    index,
    structure,
    inheritables,
    absentSystems: new Set(),
    scorable,
    lookups,
  };
}
