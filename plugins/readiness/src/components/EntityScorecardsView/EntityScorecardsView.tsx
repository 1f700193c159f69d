import { useState } from 'react';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import InputAdornment from '@material-ui/core/InputAdornment';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import LockIcon from '@material-ui/icons/Lock';
import {
  ReadinessModel,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { readinessApiRef, ScorecardListQuery } from '../../api/ReadinessApi';
import { useEntityReadinessLink } from '../../hooks/useEntityReadinessLink';
import { formatScore } from '../../lib/format';
import { scorecardCsvColumns } from '../../lib/rollupCsv';
import { CatalogRefPicker } from '../CatalogRefPicker';
import { CsvExportButton } from '../CsvExportButton';
import { PagedColumn, PagedTable, SortOrder } from '../PagedTable';
import { LevelChip, ToneChip } from '../StatusChip';

/** The lifecycles of Backstage's catalog conventions. */
const LIFECYCLES = ['production', 'experimental', 'deprecated'];

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  select: { minWidth: 160 },
  owner: { minWidth: 280, flex: '1 1 280px', maxWidth: 480 },
  push: { marginLeft: 'auto' },
}));

/**
 * Every scored entity, filtered by kind, lifecycle, owner and text, sorted
 * and paged by the server; each links to its readiness tab.
 */
export function EntityScorecardsView(props: { model: ReadinessModel }) {
  const { model } = props;
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const readinessLink = useEntityReadinessLink();
  const kinds = [...new Set(model.checks.flatMap(c => c.appliesTo))].sort();

  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<{
    q: string;
    kind: string;
    lifecycle: string;
    owner: string[];
  }>({ q: '', kind: '', lifecycle: '', owner: [] });
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [sort, setSort] = useState<{ key: string; order: SortOrder }>({
    key: 'score',
    order: 'asc',
  });
  const setFilter = (patch: Partial<typeof filters>) => {
    setFilters(current => ({ ...current, ...patch }));
    setPage(0);
  };
  useDebounce(
    () => {
      if (search.trim() !== filters.q) setFilter({ q: search.trim() });
    },
    300,
    [search],
  );

  const { value, loading, error } = useAsync(() => {
    const query: ScorecardListQuery = {
      q: filters.q || undefined,
      kind: filters.kind || undefined,
      lifecycle: filters.lifecycle || undefined,
      owner: filters.owner.length ? filters.owner : undefined,
      sort: sort.key as ScorecardListQuery['sort'],
      order: sort.order,
      limit: pageSize,
      offset: page * pageSize,
    };
    return api.listScorecards(query);
  }, [api, filters, sort, page, pageSize]);
  const rows = value?.items ?? [];

  const columns: PagedColumn<ScorecardSummary>[] = [
    {
      title: 'Entity',
      sortKey: 'title',
      render: s => (
        <>
          <Link to={readinessLink(s.entityRef)}>{s.title ?? s.entityRef}</Link>
          <Typography variant="caption" color="textSecondary" component="div">
            {s.entityRef}
          </Typography>
        </>
      ),
    },
    {
      title: 'Owner',
      render: s =>
        s.owner ? <EntityRefLink entityRef={s.owner} hideIcon /> : '—',
    },
    { title: 'Lifecycle', render: s => s.lifecycle ?? '—' },
    {
      title: 'Score',
      sortKey: 'score',
      align: 'right',
      render: s => <strong>{formatScore(s.score)}</strong>,
    },
    {
      title: 'Level',
      render: s => <LevelChip model={model} levelId={s.level} />,
    },
    { title: 'Failing gates', align: 'right', render: s => s.gateFailures },
    {
      title: 'Lifecycle gate',
      render: s =>
        s.productionBelowGate ? (
          <ToneChip tone="error" icon={<LockIcon />} label="Below minimum" />
        ) : (
          '—'
        ),
    },
    { title: 'Role problems', align: 'right', render: s => s.roleProblems },
  ];

  return (
    <InfoCard
      title="Entities"
      subheader={`${value?.totalCount ?? '…'} entities match`}
    >
      <div
        className={classes.toolbar}
        role="search"
        aria-label="Filter entities"
      >
        <TextField
          id="readiness-entity-search"
          size="small"
          variant="outlined"
          label="Search entities"
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
        <TextField
          id="readiness-entity-kind"
          select
          size="small"
          variant="outlined"
          label="Kind"
          className={classes.select}
          InputLabelProps={{ shrink: true }}
          SelectProps={{ displayEmpty: true }}
          value={filters.kind}
          onChange={event => setFilter({ kind: event.target.value })}
        >
          <MenuItem value="">Any kind</MenuItem>
          {kinds.map(kind => (
            <MenuItem key={kind} value={kind}>
              {kind}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="readiness-entity-lifecycle"
          select
          size="small"
          variant="outlined"
          label="Lifecycle"
          className={classes.select}
          InputLabelProps={{ shrink: true }}
          SelectProps={{ displayEmpty: true }}
          value={filters.lifecycle}
          onChange={event => setFilter({ lifecycle: event.target.value })}
        >
          <MenuItem value="">Any lifecycle</MenuItem>
          {LIFECYCLES.map(lifecycle => (
            <MenuItem key={lifecycle} value={lifecycle}>
              {lifecycle}
            </MenuItem>
          ))}
        </TextField>
        <div className={classes.owner}>
          <CatalogRefPicker
            id="readiness-entity-owner"
            label="Owner"
            kinds={['Group']}
            value={filters.owner}
            onChange={owner => setFilter({ owner })}
            placeholder="Any owner"
            size="small"
          />
        </div>
        <div className={classes.push}>
          <CsvExportButton
            filename="readiness-entities.csv"
            label="Export the entities shown as CSV"
            columns={scorecardCsvColumns(model)}
            rows={rows}
          />
        </div>
      </div>
      {error ? (
        <ResponseErrorPanel error={error} />
      ) : (
        <PagedTable
          ariaLabel="Entities by readiness"
          columns={columns}
          rows={rows}
          rowKey={s => s.entityRef}
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
          emptyText="No entity matches the filters"
        />
      )}
    </InfoCard>
  );
}
