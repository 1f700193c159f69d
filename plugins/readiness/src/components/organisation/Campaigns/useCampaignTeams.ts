import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { CampaignGroupProgress } from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import {
  failedLevel,
  hasMore,
  levelWithPage,
  loadingLevel,
  TreeLevel,
} from '../../../lib/treeLevels';

/** Teams read per request, and added by each "Show more". */
export const TEAM_ROWS = 50;

/** The key of the top level. */
const TOP = '';

/** The loaded teams of one level: the top, or a team's sub-teams. */
type TeamLevel = TreeLevel<CampaignGroupProgress>;

/** A row of the teams as shown, each team before its sub-teams. */
export type TeamRow =
  | {
      type: 'team';
      team: CampaignGroupProgress;
      depth: number;
      expanded: boolean;
      /** The level it is on (its parent's ref, '' at the top) and its place there, from 1. */
      level: string;
      position: number;
    }
  | { type: 'loading'; parent: string; depth: number }
  | { type: 'error'; parent: string; depth: number; error: Error }
  | {
      type: 'more';
      parent: string;
      depth: number;
      loaded: number;
      total: number;
      /** The next page is being read. */
      loading: boolean;
    };

/** What a screen reader hears once a level has loaded. */
function loadedMessage(key: string, level: TeamLevel): string {
  const under = key === TOP ? '' : ` under ${key}`;
  if (level.error) return `Could not load the teams${under}`;
  return `${level.items.length} of ${level.total} teams shown${under}`;
}

/**
 * A campaign's teams as a lazily read tree: the top level first, a team's
 * sub-teams when it is expanded, a page at a time. A campaign across the
 * organisation has a team per group, thousands; nothing else is read. A
 * single top-level team opens by itself.
 */
export function useCampaignTeams(campaignId: string) {
  const api = useApi(readinessApiRef);
  const [levels, setLevels] = useState<ReadonlyMap<string, TeamLevel>>(
    new Map(),
  );
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // The level that last finished loading, for screen readers.
  const [lastLoaded, setLastLoaded] = useState<string>();
  // Pages under way (`level@offset`): a second click on "Show more" before
  // its page came asks for nothing more.
  const pending = useRef(new Set<string>());
  // Answers about another campaign than the one shown are dropped.
  const generation = useRef(0);

  const load = useCallback(
    async (key: string, offset: number): Promise<void> => {
      const current = generation.current;
      const underWay = pending.current;
      const page = `${key}@${offset}`;
      if (underWay.has(page)) return;
      underWay.add(page);
      const update = (next: (before?: TeamLevel) => TeamLevel) =>
        setLevels(previous =>
          new Map(previous).set(key, next(previous.get(key))),
        );
      update(before => loadingLevel(before, offset));
      try {
        const response = await api.listCampaignGroups(campaignId, {
          ...(key === TOP ? {} : { parent: key }),
          limit: TEAM_ROWS,
          offset,
        });
        if (current !== generation.current) return;
        const [only] = response.items;
        if (key === TOP && response.totalCount === 1 && only.children > 0) {
          setExpanded(new Set([only.groupRef]));
          load(only.groupRef, 0);
        }
        update(before =>
          levelWithPage(before, offset, response, team => team.groupRef),
        );
        setLastLoaded(key);
      } catch (error) {
        if (current !== generation.current) return;
        update(before => failedLevel(before, error as Error));
        setLastLoaded(key);
      } finally {
        underWay.delete(page);
      }
    },
    [api, campaignId],
  );

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setLevels(new Map());
    setExpanded(new Set());
    setLastLoaded(undefined);
    load(TOP, 0);
  }, [load]);

  const toggle = (groupRef: string) => {
    const opening = !expanded.has(groupRef);
    if (opening && !levels.has(groupRef)) load(groupRef, 0);
    setExpanded(previous => {
      const next = new Set(previous);
      if (opening) next.add(groupRef);
      else next.delete(groupRef);
      return next;
    });
  };

  const rows: TeamRow[] = [];
  const visit = (key: string, depth: number) => {
    const level = levels.get(key);
    if (!level) return;
    level.items.forEach((team, index) => {
      const open = expanded.has(team.groupRef);
      rows.push({
        type: 'team',
        team,
        depth,
        expanded: open,
        level: key,
        position: index + 1,
      });
      if (open) visit(team.groupRef, depth + 1);
    });
    if (level.loading && !level.items.length) {
      rows.push({ type: 'loading', parent: key, depth });
    } else if (level.error) {
      rows.push({ type: 'error', parent: key, depth, error: level.error });
    } else if (level.loading || hasMore(level)) {
      rows.push({
        type: 'more',
        parent: key,
        depth,
        loaded: level.items.length,
        total: level.total,
        loading: level.loading,
      });
    }
  };
  visit(TOP, 0);
  const announced =
    lastLoaded === undefined ? undefined : levels.get(lastLoaded);

  return {
    rows,
    toggle,
    /** Reads the next page of a level, or again the page that failed. */
    more: (parent: string) => load(parent, levels.get(parent)?.read ?? 0),
    /** What the last level to load shows, said for screen readers. */
    announcement:
      announced && !announced.loading
        ? loadedMessage(lastLoaded!, announced)
        : '',
  };
}
