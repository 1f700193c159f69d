import { useState } from 'react';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import {
  ReadinessModel,
  Rollup,
  RollupKind,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { readinessApiRef } from '../../api/ReadinessApi';
import { formatScore } from '../../lib/format';
import { rollupCsvColumns } from '../../lib/rollupCsv';
import { AsOfPicker } from '../AsOfPicker';
import { CsvExportButton } from '../CsvExportButton';
import { LevelDistributionBar } from '../LevelDistributionBar';
import { PagedColumn, PagedTable, SortOrder } from '../PagedTable';
import { ReadinessHeatMap } from '../ReadinessHeatMap';

const NAMES: Record<'system' | 'domain', { one: string; many: string }> = {
  system: { one: 'System', many: 'Systems' },
  domain: { one: 'Domain', many: 'Domains' },
};

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  push: { marginLeft: 'auto' },
}));

/**
 * Rollups of every System or Domain, a page at a time from the server,
 * searchable and sortable, with a heat map of the page and a CSV export.
 */
export function RollupListView(props: {
  model: ReadinessModel;
  by: Extract<RollupKind, 'system' | 'domain'>;
}) {
  const { model, by } = props;
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  useDebounce(
    () => {
      setQ(search.trim());
      setPage(0);
    },
    300,
    [search],
  );
  const [asOf, setAsOf] = useState('');
  const [pageSize, setPageSize] = useState(25);
  const [sort, setSort] = useState<{ key: string; order: SortOrder }>({
    key: 'score',
    order: 'asc',
  });
  const { value, loading, error } = useAsync(
    () =>
      api.listRollups({
        by,
        q: q || undefined,
        sort: sort.key as 'score' | 'title',
        order: sort.order,
        limit: pageSize,
        offset: page * pageSize,
        asOf: asOf || undefined,
      }),
    [api, by, q, sort, page, pageSize, asOf],
  );
  const rows = value?.items ?? [];
  const names = NAMES[by];

  const columns: PagedColumn<Rollup>[] = [
    {
      title: names.one,
      sortKey: 'title',
      render: r => (
        <EntityRefLink entityRef={r.ref} hideIcon>
          {r.title ?? r.ref}
        </EntityRefLink>
      ),
    },
    ...(by === 'system'
      ? [
          {
            title: 'Domain',
            render: (r: Rollup) =>
              r.parent ? <EntityRefLink entityRef={r.parent} hideIcon /> : '—',
          },
        ]
      : [
          {
            title: 'Systems',
            align: 'right' as const,
            render: (r: Rollup) => r.children.length,
          },
        ]),
    {
      title: 'Score',
      sortKey: 'score',
      align: 'right',
      render: r => <strong>{formatScore(r.score)}</strong>,
    },
    {
      title: 'Entities per level',
      render: r => (
        <LevelDistributionBar model={model} levels={r.aggregate.levels} />
      ),
    },
    {
      title: 'With failing gates',
      align: 'right',
      render: r => r.aggregate.gateFailures,
    },
    {
      title: 'In production below the gate',
      align: 'right',
      render: r => r.aggregate.productionBelowGate,
    },
    { title: 'Entities', align: 'right', render: r => r.aggregate.entities },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={names.many}
          subheader={`${
            value?.totalCount ?? '…'
          } ${names.many.toLocaleLowerCase('en-US')}`}
        >
          <div className={classes.toolbar}>
            <TextField
              id={`readiness-${by}-search`}
              size="small"
              variant="outlined"
              label={`Search ${names.many.toLocaleLowerCase('en-US')}`}
              value={search}
              onChange={event => setSearch(event.target.value)}
              InputProps={{
                startAdornment: (
                  <InputAdornment position="start">
                    <SearchIcon fontSize="small" />
                  </InputAdornment>
                ),
              }}
            />
            <AsOfPicker
              value={asOf}
              onChange={day => {
                setAsOf(day);
                setPage(0);
              }}
              served={value?.asOf}
            />
            <div className={classes.push}>
              <CsvExportButton
                filename={`readiness-${by}s.csv`}
                label={`Export the ${names.many.toLocaleLowerCase(
                  'en-US',
                )} shown as CSV`}
                columns={rollupCsvColumns(model)}
                rows={rows.map(rollup => ({ rollup }))}
              />
            </div>
          </div>
          {error ? (
            <ResponseErrorPanel error={error} />
          ) : (
            <PagedTable
              ariaLabel={`${names.many} by readiness`}
              columns={columns}
              rows={rows}
              rowKey={r => r.ref}
              total={value?.totalCount ?? 0}
              page={page}
              pageSize={pageSize}
              onPageChange={setPage}
              onPageSizeChange={size => {
                setPageSize(size);
                setPage(0);
              }}
              sort={sort}
              onSortChange={(key, order) => {
                setSort({ key, order });
                setPage(0);
              }}
              loading={loading}
              emptyText={`No ${names.many.toLocaleLowerCase('en-US')} to show`}
            />
          )}
        </InfoCard>
      </Grid>
      {rows.length > 0 && (
        <Grid item xs={12}>
          <InfoCard
            title="Heat map"
            subheader={`Mean score per category of the ${names.many.toLocaleLowerCase(
              'en-US',
            )} on this page`}
          >
            <ReadinessHeatMap
              model={model}
              rows={rows.map(rollup => ({ rollup }))}
              caption={`Score by category of the ${names.many.toLocaleLowerCase(
                'en-US',
              )} shown`}
            />
            <Typography variant="caption" color="textSecondary">
              Hover a cell for the mean score and how many entities it averages.
            </Typography>
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
