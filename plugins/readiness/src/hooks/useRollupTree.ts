import {
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Rollup, RollupListResponse } from '@prodready/plugin-readiness-common';
import {
  ReadinessApi,
  readinessApiRef,
  RollupListQuery,
} from '../api/ReadinessApi';
import {
  failedLevel,
  hasMore,
  levelWithPage,
  loadingLevel,
  TreeLevel,
} from '../lib/treeLevels';

/** Groups fetched per request; larger levels get a "show more" row. */
export const TREE_PAGE_SIZE = 50;

/** The key of the root level. */
const ROOTS = 'none';

/** The loaded children of one node (or the roots). */
type RollupLevel = TreeLevel<Rollup>;

/** A row of the flattened, visible tree. */
export type TreeRow =
  | {
      type: 'group';
      rollup: Rollup;
      depth: number;
      expanded: boolean;
      /** Its place among its siblings (from 1), and their number, loaded or not. */
      position: number;
      siblings: number;
    }
  | { type: 'loading'; parent: string; depth: number }
  | { type: 'error'; parent: string; depth: number; error: Error }
  | {
      type: 'more';
      parent: string;
      depth: number;
      loaded: number;
      total: number;
    };

/** How the tree is ordered and which day it shows. */
export interface TreeQuery {
  sort: NonNullable<RollupListQuery['sort']>;
  order: NonNullable<RollupListQuery['order']>;
  asOf?: string;
  /** When set, a flat list of the groups matching the text instead of the tree. */
  q?: string;
}

/** The tree's order when a page opens: by name. */
export const DEFAULT_TREE_ORDER: Pick<TreeQuery, 'sort' | 'order'> = {
  sort: 'title',
  order: 'asc',
};

/** The query of one page of a level of the tree (the roots: key `none`). */
function levelQuery(
  query: TreeQuery,
  key: string,
  offset: number,
): RollupListQuery {
  const search = key === ROOTS && query.q ? query.q : undefined;
  return {
    by: 'group',
    // A search lists matching groups anywhere as the top level.
    parent: search ? undefined : key,
    q: search,
    sort: query.sort,
    order: query.order,
    limit: TREE_PAGE_SIZE,
    offset,
    asOf: query.asOf || undefined,
  };
}

/** The first page of the tree's roots, asked for before the tree is shown. */
export interface PrefetchedRoots {
  query: RollupListQuery;
  response: Promise<RollupListResponse>;
}

/**
 * Asks for the first page of roots of a tree in that order, so the page can
 * send it beside the readiness model rather than after it. Undefined when
 * the API cannot list rollups.
 */
export function prefetchRoots(
  api: Pick<ReadinessApi, 'listRollups'>,
  order: Pick<TreeQuery, 'sort' | 'order'>,
): PrefetchedRoots | undefined {
  const query = levelQuery(order, ROOTS, 0);
  try {
    const response = api.listRollups(query);
    // Unused when another tab is shown; its failure then is nobody's.
    response.catch(() => undefined);
    return { query, response };
  } catch {
    return undefined;
  }
}

/** Prefetched roots already shown: a tree mounted later asks again. */
const usedPrefetches = new WeakSet<PrefetchedRoots>();

function takePrefetched(
  prefetched: PrefetchedRoots | undefined,
  query: RollupListQuery,
): Promise<RollupListResponse> | undefined {
  if (!prefetched || usedPrefetches.has(prefetched)) return undefined;
  usedPrefetches.add(prefetched);
  const same = (Object.keys(query) as (keyof RollupListQuery)[]).every(
    name => query[name] === prefetched.query[name],
  );
  return same ? prefetched.response : undefined;
}

/**
 * The organisation as a lazily loaded tree of group rollups: the roots
 * first, the children of a group when it is expanded, a page at a time.
 * Nothing else is fetched, so the page stays fast with thousands of groups.
 */
export function useRollupTree(query: TreeQuery, firstRoots?: PrefetchedRoots) {
  const api = useApi(readinessApiRef);
  const { q, sort, order, asOf } = query;
  // Read once, by the first load of the roots.
  const prefetched = useRef(firstRoots);
  const [levels, setLevels] = useState<ReadonlyMap<string, RollupLevel>>(
    new Map(),
  );
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [meta, setMeta] = useState<{
    asOf?: string;
    computedAt?: string;
    stale: boolean;
  }>({ stale: false });
  // Responses of an outdated query (sort, day or search changed) are dropped.
  const generation = useRef(0);
  // Pages under way (`level@offset`) of this query. A second click on "Show
  // more" can come before the loading row replaces the button; the page is
  // not asked for twice.
  const pending = useRef(new Set<string>());

  const load = useCallback(
    async (key: string, offset: number): Promise<void> => {
      const current = generation.current;
      const underWay = pending.current;
      const page = `${key}@${offset}`;
      if (underWay.has(page)) return;
      underWay.add(page);
      // The request goes out before the loading row is rendered: the fetch
      // API awaits the discovery and identity APIs before it sends, and an
      // urgent render queued ahead of those steps held the request up by
      // the length of a render. As a transition, the render comes after.
      const params = levelQuery({ q, sort, order, asOf }, key, offset);
      const request =
        (key === ROOTS && takePrefetched(prefetched.current, params)) ||
        api.listRollups(params);
      startTransition(() =>
        setLevels(previous =>
          new Map(previous).set(key, loadingLevel(previous.get(key), offset)),
        ),
      );
      try {
        const response = await request;
        if (current !== generation.current) return;
        if (key === ROOTS) {
          setMeta({
            asOf: response.asOf,
            computedAt: response.computedAt,
            stale: response.stale,
          });
        }
        // A single root (the usual organisation group) opens by itself.
        const [only] = response.items;
        if (
          key === ROOTS &&
          !q &&
          response.totalCount === 1 &&
          only.children.length > 0
        ) {
          setExpanded(new Set([only.ref]));
          load(only.ref, 0);
        }
        setLevels(previous =>
          new Map(previous).set(
            key,
            levelWithPage(previous.get(key), offset, response, r => r.ref),
          ),
        );
      } catch (error) {
        if (current !== generation.current) return;
        setLevels(previous => {
          return new Map(previous).set(
            key,
            failedLevel(previous.get(key), error as Error),
          );
        });
      } finally {
        underWay.delete(page);
      }
    },
    [api, q, sort, order, asOf],
  );

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setLevels(new Map());
    setExpanded(new Set());
    load(ROOTS, 0);
  }, [load]);

  // The tree's state as shown, for the handlers below: they stay the same
  // functions while the tree changes, so its rows need not render again.
  const shown = useRef({ expanded, levels });
  useLayoutEffect(() => {
    shown.current = { expanded, levels };
  }, [expanded, levels]);

  const toggle = useCallback(
    (ref: string) => {
      const opening = !shown.current.expanded.has(ref);
      if (opening && !shown.current.levels.has(ref)) load(ref, 0);
      startTransition(() =>
        setExpanded(previous => {
          const next = new Set(previous);
          if (opening) next.add(ref);
          else next.delete(ref);
          return next;
        }),
      );
    },
    [load],
  );

  const loadMore = useCallback(
    (key: string) => load(key, shown.current.levels.get(key)?.read ?? 0),
    [load],
  );

  const retry = useCallback(() => load(ROOTS, 0), [load]);

  const rows = useMemo(() => {
    const visible: TreeRow[] = [];
    const walk = (key: string, depth: number) => {
      const level = levels.get(key);
      if (!level) return;
      level.items.forEach((rollup, index) => {
        const open = expanded.has(rollup.ref);
        visible.push({
          type: 'group',
          rollup,
          depth,
          expanded: open,
          position: index + 1,
          siblings: Math.max(level.total, level.items.length),
        });
        if (open) walk(rollup.ref, depth + 1);
      });
      if (level.loading) visible.push({ type: 'loading', parent: key, depth });
      if (level.error)
        visible.push({ type: 'error', parent: key, depth, error: level.error });
      else if (!level.loading && hasMore(level))
        visible.push({
          type: 'more',
          parent: key,
          depth,
          loaded: level.items.length,
          total: level.total,
        });
    };
    walk(ROOTS, 0);
    return visible;
  }, [levels, expanded]);

  const roots = levels.get(ROOTS);
  return {
    rows,
    roots: roots?.items ?? [],
    loading: !roots || (roots.loading && roots.items.length === 0),
    error: roots?.error,
    ...meta,
    toggle,
    loadMore,
    retry,
  };
}
