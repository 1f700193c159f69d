import { useMemo, useState } from 'react';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import LockIcon from '@material-ui/icons/Lock';
import {
  OWNER_FILTER_MAX,
  ReadinessModel,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef, ScorecardListQuery } from '../../../api/ReadinessApi';
import { useEntityReadinessLink } from '../../../hooks/useEntityReadinessLink';
import { formatScore } from '../../../lib/format';
import { shownLevel } from '../../../lib/presentation';
import { CatalogRefPicker } from '../../shared/CatalogRefPicker';
import { CsvExportAllButton } from '../CsvExportButton';
import { PagedColumn, PagedTable, usePaging } from '../PagedTable';
import { LevelChip, ToneChip } from '../../shared/StatusChip';
import { SearchField, ViewToolbar } from '../ViewToolbar';

/** The lifecycles of Backstage's catalog conventions. */
const LIFECYCLES = ['production', 'experimental', 'deprecated'];

const useStyles = makeStyles({
  select: { minWidth: 160 },
  owner: { minWidth: 280, flex: '1 1 280px', maxWidth: 480 },
});

/** A filter on one of a few values, or on none ("Any kind"). */
function AnyOfSelect(props: {
  id: string;
  label: string;
  options: string[];
  value: string;
  onChange: (value: string) => void;
}) {
  const { id, label, options, value, onChange } = props;
  const classes = useStyles();
  return (
    <TextField
      id={id}
      select
      size="small"
      variant="outlined"
      label={label}
      className={classes.select}
      InputLabelProps={{ shrink: true }}
      SelectProps={{ displayEmpty: true }}
      value={value}
      onChange={event => onChange(event.target.value)}
    >
      <MenuItem value="">{`Any ${label.toLocaleLowerCase('en-US')}`}</MenuItem>
      {options.map(option => (
        <MenuItem key={option} value={option}>
          {option}
        </MenuItem>
      ))}
    </TextField>
  );
}

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

  const [filters, setFilters] = useState<{
    q: string;
    kind: string;
    lifecycle: string;
    owner: string[];
  }>({ q: '', kind: '', lifecycle: '', owner: [] });
  const paging = usePaging<NonNullable<ScorecardListQuery['sort']>>({
    key: 'score',
    order: 'asc',
  });
  const setFilter = (patch: Partial<typeof filters>) => {
    setFilters(current => ({ ...current, ...patch }));
    paging.firstPage();
  };

  const filtered = useMemo<ScorecardListQuery>(
    () => ({
      q: filters.q || undefined,
      kind: filters.kind || undefined,
      lifecycle: filters.lifecycle || undefined,
      owner: filters.owner.length ? filters.owner : undefined,
    }),
    [filters],
  );
  const { value, loading, error } = useAsync(
    () => api.listScorecards({ ...filtered, ...paging.query }),
    [api, filtered, paging.query],
  );
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
      render: s => <LevelChip model={model} levelId={shownLevel(s)} />,
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
      // Read out when a search or filter changes it.
      subheader={
        <span aria-live="polite">
          {value
            ? `${value.totalCount} ${
                value.totalCount === 1 ? 'entity matches' : 'entities match'
              }`
            : '… entities match'}
        </span>
      }
    >
      <ViewToolbar
        role="search"
        aria-label="Filter entities"
        actions={
          <CsvExportAllButton
            filename="readiness-entities.csv"
            of="every matching entity"
            // While another filter loads, the count shown is the last one's.
            total={loading ? undefined : value?.totalCount}
            // One streamed request in ref order: reading the list's pages by
            // offset counted every match again for each of them.
            load={onProgress => {
              const total = value?.totalCount ?? 0;
              return api.exportScorecardsCsv(filtered, {
                onRows: read => onProgress(Math.min(read, total), total),
              });
            }}
          />
        }
      >
        <SearchField
          id="readiness-entity-search"
          label="Search entities"
          onSearch={q => {
            if (q !== filters.q) setFilter({ q });
          }}
        />
        <AnyOfSelect
          id="readiness-entity-kind"
          label="Kind"
          options={kinds}
          value={filters.kind}
          onChange={kind => setFilter({ kind })}
        />
        <AnyOfSelect
          id="readiness-entity-lifecycle"
          label="Lifecycle"
          options={LIFECYCLES}
          value={filters.lifecycle}
          onChange={lifecycle => setFilter({ lifecycle })}
        />
        <div className={classes.owner}>
          <CatalogRefPicker
            id="readiness-entity-owner"
            label="Owner"
            kinds={['Group']}
            max={OWNER_FILTER_MAX}
            value={filters.owner}
            onChange={owner => setFilter({ owner })}
            placeholder="Any owner"
            size="small"
          />
        </div>
      </ViewToolbar>
      {error ? (
        <ResponseErrorPanel error={error} />
      ) : (
        <PagedTable
          ariaLabel="Entities by readiness"
          columns={columns}
          rows={rows}
          rowKey={s => s.entityRef}
          total={value?.totalCount ?? 0}
          {...paging.tableProps}
          loading={loading}
          emptyText="No entity matches the filters"
        />
      )}
    </InfoCard>
  );
}
