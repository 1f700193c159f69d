import {
  useCallback,
  useDeferredValue,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  ReadinessModel,
  Rollup,
  rollupCsvColumns,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import {
  DEFAULT_TREE_ORDER,
  PrefetchedRoots,
  TreeQuery,
  TreeRow,
  useRollupTree,
} from '../../../hooks/useRollupTree';
import { AsOfPicker } from '../AsOfPicker';
import { ComputedSubheader } from '../../shared/ComputedSubheader';
import { CsvExportButton } from '../CsvExportButton';
import { GroupDetailPanel } from '../GroupDetailPanel';
import { HierarchyProblems } from '../HierarchyProblems';
import { hasStagedChecks, UpcomingChecksCard } from '../UpcomingChecks';
import { LevelLegend } from '../../shared/LevelDistributionBar';
import { OrganisationTree } from '../OrganisationTree';
import { ReadinessHeatMap } from '../ReadinessHeatMap';
import { RoleHeatMap } from '../RoleHeatMap';
import { ScoreTrendCard } from '../../shared/ScoreTrendCard';
import { SearchField, ViewToolbar } from '../ViewToolbar';
import { SystemCostCard } from '../SystemCost';

/** Trend lines drawn for the organisation when it has several root groups. */
const MAX_ROOT_TRENDS = 3;

const SORTS: Record<
  string,
  Pick<TreeQuery, 'sort' | 'order'> & { label: string }
> = {
  title: { ...DEFAULT_TREE_ORDER, label: 'Name' },
  'score-asc': { sort: 'score', order: 'asc', label: 'Score, lowest first' },
  'score-desc': { sort: 'score', order: 'desc', label: 'Score, highest first' },
};

const NO_TRENDS: never[] = [];

/** A group shown in the tree, at its depth. */
interface GroupRow {
  rollup: Rollup;
  depth: number;
}

/**
 * The groups among the tree's rows, the same array while they are the same
 * groups (a loading row came or went), so what draws them is not rendered
 * again for nothing.
 */
function useGroupRows(rows: TreeRow[]): GroupRow[] {
  const last = useRef<GroupRow[]>([]);
  return useMemo(() => {
    const next = rows.flatMap(row =>
      row.type === 'group' ? [{ rollup: row.rollup, depth: row.depth }] : [],
    );
    const previous = last.current;
    const same =
      next.length === previous.length &&
      next.every(
        (row, i) =>
          row.rollup === previous[i].rollup && row.depth === previous[i].depth,
      );
    if (!same) last.current = next;
    return last.current;
  }, [rows]);
}

/**
 * The organisation as a tree of groups with their rollups, a heat map of
 * the groups shown, the score trend, and a chosen group's entities.
 * `firstRoots`: the tree's first roots, when the page asked for them early.
 */
export function OrganisationView(props: {
  model: ReadinessModel;
  firstRoots?: PrefetchedRoots;
}) {
  const { model, firstRoots } = props;
  const api = useApi(readinessApiRef);
  const [asOf, setAsOf] = useState('');
  const [sortKey, setSortKey] = useState('title');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string>();

  const tree = useRollupTree(
    {
      sort: SORTS[sortKey].sort,
      order: SORTS[sortKey].order,
      asOf,
      q,
    },
    firstRoots,
  );
  const groupRows = useGroupRows(tree.rows);
  // The heat maps follow the tree after its new rows are shown.
  const heatMapRows = useDeferredValue(groupRows);
  const csvColumns = useMemo(() => rollupCsvColumns(model), [model]);
  const select = useCallback(
    (ref: string) =>
      setSelected(current => (current === ref ? undefined : ref)),
    [],
  );

  // The organisation's trend: its root group (or the first few roots).
  const rootRefs = useMemo(
    () => (q ? [] : tree.roots.slice(0, MAX_ROOT_TRENDS).map(r => r.ref)),
    [q, tree.roots],
  );
  const rootKey = rootRefs.join(',');
  const organisationTrend = useAsync(async () => {
    const details = await Promise.all(
      rootKey
        .split(',')
        .filter(Boolean)
        // The trend alone: no sub-groups, one entity.
        .map(ref => api.getRollup(ref, { limit: 1, childLimit: 0 })),
    );
    return details.map(d => ({
      name: d.rollup.title ?? d.rollup.ref,
      points: d.trend,
    }));
  }, [api, rootKey]);

  const subheader = (
    <ComputedSubheader
      computedAt={asOf ? undefined : tree.computedAt}
      now={new Date()}
      stale={tree.stale}
      staleTitle="The last computation could not read the catalog; these are the last results"
    />
  );

  let body;
  if (tree.error && !groupRows.length) {
    // The panel has no retry of its own; without one, a passing failure of
    // the first load would leave the page dead until it is reloaded.
    body = (
      <>
        <ResponseErrorPanel error={tree.error} />
        <Button size="small" onClick={tree.retry}>
          Try again
        </Button>
      </>
    );
  } else if (tree.loading) {
    body = <Progress />;
  } else if (groupRows.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={q ? 'No group matches the search' : 'No groups to show'}
        description={
          asOf
            ? 'There is no snapshot of the organisation on or before that day.'
            : 'Group rollups appear after the first readiness computation.'
        }
      />
    );
  } else {
    body = (
      <OrganisationTree
        model={model}
        rows={tree.rows}
        selected={selected}
        onToggle={tree.toggle}
        onLoadMore={tree.loadMore}
        onSelect={select}
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Organisation" subheader={subheader}>
          <HierarchyProblems />
          <ViewToolbar
            gutter={2}
            actions={
              <CsvExportButton
                filename="readiness-groups.csv"
                of="the groups shown"
                columns={csvColumns}
                rows={groupRows}
              />
            }
          >
            <SearchField
              id="readiness-group-search"
              label="Search groups"
              onSearch={setQ}
            />
            <TextField
              id="readiness-group-sort"
              select
              size="small"
              variant="outlined"
              label="Sort by"
              value={sortKey}
              onChange={event => setSortKey(event.target.value)}
              style={{ minWidth: 200 }}
            >
              {Object.entries(SORTS).map(([key, s]) => (
                <MenuItem key={key} value={key}>
                  {s.label}
                </MenuItem>
              ))}
            </TextField>
            <AsOfPicker value={asOf} onChange={setAsOf} served={tree.asOf} />
          </ViewToolbar>
          {body}
          {groupRows.length > 0 && (
            <Box mt={1} display="flex" justifyContent="flex-end">
              <LevelLegend model={model} />
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {selected ? (
          <GroupDetailPanel
            key={selected}
            model={model}
            groupRef={selected}
            asOf={asOf}
            organisation={organisationTrend.value ?? NO_TRENDS}
          />
        ) : (
          <ScoreTrendCard
            title="Organisation score trend"
            subheader="Choose Details on a group to compare it"
            loading={organisationTrend.loading}
            error={organisationTrend.error}
            series={organisationTrend.value}
          />
        )}
      </Grid>
      {hasStagedChecks(model) && (
        <Grid item xs={12}>
          <UpcomingChecksCard model={model} />
        </Grid>
      )}
      {heatMapRows.length > 0 && (
        <Grid item xs={12}>
          <InfoCard
            title="Heat map"
            subheader="Mean score per category of the groups shown in the tree; expand groups to add them"
          >
            <ReadinessHeatMap
              model={model}
              rows={heatMapRows}
              caption="Score by category of the groups shown"
            />
          </InfoCard>
        </Grid>
      )}
      {heatMapRows.length > 0 && (
        <Grid item xs={12}>
          <InfoCard
            title="Role heat map"
            subheader="Entities of the groups shown (sub-groups included) whose required role is unassigned or held by someone who left"
          >
            <RoleHeatMap
              model={model}
              rows={heatMapRows}
              caption="Role gaps of the groups shown"
            />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <SystemCostCard />
      </Grid>
    </Grid>
  );
}
