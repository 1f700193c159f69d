/*
 * The catalog of the backend benchmark: the generated entities answered as a
 * database-backed catalog answers them (kind and relation filters, `fields`
 * projection, pages), either in this process or, over IPC, to the backend
 * running in a child process so that its memory is measured apart from the
 * generator's.
 */
import { ChildProcess } from 'child_process';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefOf } from '@prodready/plugin-readiness-common';

/** What the backend asks of a catalog stream. */
export interface PageRequest {
  filter?: Record<string, string | string[]>;
  fields?: string[];
  pageSize?: number;
}

/** Only the listed field paths, as the catalog's `fields` parameter gives. */
function project(entity: Entity, fields?: string[]): Entity {
  if (!fields?.length) return entity;
  const out: Record<string, any> = {};
  for (const field of fields) {
    const path = field.split('.');
    let value: any = entity;
    for (const key of path) value = value?.[key];
    if (value === undefined) continue;
    let target = out;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = value;
  }
  return out as Entity;
}

/** Whether an entity passes a filter: `kind`, `relations.<type>` or a field path, compared in lower case. */
function matches(entity: Entity, filter: Record<string, string | string[]>) {
  return Object.entries(filter).every(([key, expected]) => {
    const wanted = [expected].flat().map(v => v.toLowerCase());
    if (key.startsWith('relations.')) {
      const type = key.slice('relations.'.length).toLowerCase();
      return (entity.relations ?? []).some(
        r =>
          r.type.toLowerCase() === type &&
          wanted.includes(r.targetRef.toLowerCase()),
      );
    }
    let value: any = entity;
    for (const part of key.split('.')) value = value?.[part];
    return typeof value === 'string' && wanted.includes(value.toLowerCase());
  });
}

/** The entities, indexed once: filtered lists are cached per filter, lookups by ref. */
export class CatalogPages {
  private readonly byRef: Map<string, Entity>;
  private readonly filtered = new Map<string, Entity[]>();

  constructor(private readonly entities: Entity[]) {
    this.byRef = new Map(entities.map(e => [entityRefOf(e), e]));
  }

  page(request: PageRequest, offset: number): Entity[] {
    const key = JSON.stringify(request.filter ?? null);
    let list = this.filtered.get(key);
    if (!list) {
      list = request.filter
        ? this.entities.filter(e => matches(e, request.filter!))
        : this.entities;
      this.filtered.set(key, list);
    }
    return list
      .slice(offset, offset + (request.pageSize ?? 500))
      .map(e => project(e, request.fields));
  }

  /** The kinds of the entities passing `filter`, with how many each, as the catalog's `kind` facet. */
  kinds(filter?: PageRequest['filter']): { value: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const e of this.entities) {
      if (filter && !matches(e, filter)) continue;
      counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    }
    return [...counts].map(([value, count]) => ({ value, count }));
  }

  byRefs(refs: string[], fields?: string[]): (Entity | undefined)[] {
    return refs.map(ref => {
      const entity = this.byRef.get(ref.toLocaleLowerCase('en-US'));
      return entity && project(entity, fields);
    });
  }
}

/** The catalog service interface over a page source. */
function catalogOver(source: {
  page(request: PageRequest, offset: number): Promise<Entity[]>;
  byRefs(refs: string[], fields?: string[]): Promise<(Entity | undefined)[]>;
  kinds(
    filter?: PageRequest['filter'],
  ): Promise<{ value: string; count: number }[]>;
}): CatalogService {
  const implemented: Partial<CatalogService> = {
    async *streamEntities(request) {
      const pageSize = request?.pageSize ?? 500;
      const asked: PageRequest = {
        filter: request?.filter as PageRequest['filter'],
        fields: request?.fields,
        pageSize,
      };
      for (let offset = 0; ; offset += pageSize) {
        const items = await source.page(asked, offset);
        if (items.length) yield items;
        if (items.length < pageSize) return;
      }
    },
    async getEntityByRef(ref) {
      return (await source.byRefs([String(ref)]))[0];
    },
    async getEntitiesByRefs(request) {
      return { items: await source.byRefs(request.entityRefs, request.fields) };
    },
    async getEntityFacets(request) {
      if (request.facets.join() !== 'kind') {
        throw new Error('The bench catalog gives the kind facet alone');
      }
      const filter = request.filter as PageRequest['filter'];
      return { facets: { kind: await source.kinds(filter) } };
    },
  };
  return implemented as CatalogService;
}

/** The catalog in this process. */
export function indexedCatalog(entities: Entity[]): CatalogService {
  const pages = new CatalogPages(entities);
  return catalogOver({
    page: async (request, offset) => pages.page(request, offset),
    byRefs: async (refs, fields) => pages.byRefs(refs, fields),
    kinds: async filter => pages.kinds(filter),
  });
}

interface CatalogCall {
  catalogCall: number;
  op: 'page' | 'refs' | 'kinds';
  request?: PageRequest;
  offset?: number;
  refs?: string[];
  fields?: string[];
}

/** Answers the catalog calls of a child process (see {@link remoteCatalog}). */
export function serveCatalog(child: ChildProcess, pages: CatalogPages) {
  child.on('message', (message: CatalogCall) => {
    if (typeof message?.catalogCall !== 'number') return;
    const items = {
      page: () => pages.page(message.request!, message.offset!),
      refs: () =>
        pages.byRefs(message.refs!, message.fields).map(e => e ?? null),
      kinds: () => pages.kinds(message.request?.filter),
    }[message.op]();
    child.send({ catalogReply: message.catalogCall, items });
  });
}

/** The catalog of the parent process, read over IPC (JSON, as over HTTP). */
export function remoteCatalog(): CatalogService {
  let next = 0;
  const waiting = new Map<number, (items: any[]) => void>();
  process.on('message', (message: { catalogReply?: number; items: any[] }) => {
    if (typeof message?.catalogReply !== 'number') return;
    waiting.get(message.catalogReply)?.(message.items);
    waiting.delete(message.catalogReply);
  });
  const call = (body: Omit<CatalogCall, 'catalogCall'>) =>
    new Promise<any[]>(resolve => {
      const id = next++;
      waiting.set(id, resolve);
      process.send!({ ...body, catalogCall: id });
    });
  return catalogOver({
    page: (request, offset) => call({ op: 'page', request, offset }),
    byRefs: async (refs, fields) =>
      (await call({ op: 'refs', refs, fields })).map(e => e ?? undefined),
    kinds: filter => call({ op: 'kinds', request: { filter } }),
  });
}
