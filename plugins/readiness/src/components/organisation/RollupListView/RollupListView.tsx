import { useState } from 'react';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ReadinessModel,
  Rollup,
  rollupCsvColumns,
  RollupKind,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef, RollupListQuery } from '../../../api/ReadinessApi';
import { formatScore } from '../../../lib/format';
import { AsOfPicker } from '../AsOfPicker';
import { CsvExportButton } from '../CsvExportButton';
import { LevelDistributionBar } from '../../shared/LevelDistributionBar';
import { PagedColumn, PagedTable, usePaging } from '../PagedTable';
import { ReadinessHeatMap } from '../ReadinessHeatMap';
import { RoleHeatMap } from '../RoleHeatMap';
import { exemptionSummary } from '../../../lib/exemptions';
import { SearchField, ViewToolbar } from '../ViewToolbar';

const NAMES: Record<'system' | 'domain', { one: string; many: string }> = {
  system: { one: 'System', many: 'Systems' },
  domain: { one: 'Domain', many: 'Domains' },
};

/**
 * Rollups of every System or Domain, a page at a time from the server,
 * searchable and sortable, with a heat map of the page and a CSV export.
 */
export function RollupListView(props: {
  model: ReadinessModel;
  by: Extract<RollupKind, 'system' | 'domain'>;
}) {
  const { model, by } = props;
  const api = useApi(readinessApiRef);
  const [q, setQ] = useState('');
  const [asOf, setAsOf] = useState('');
  const paging = usePaging<NonNullable<RollupListQuery['sort']>>({
    key: 'score',
    order: 'asc',
  });
  const { value, loading, error } = useAsync(
    () =>
      api.listRollups({
        by,
        q: q || undefined,
        ...paging.query,
        asOf: asOf || undefined,
      }),
    [api, by, q, paging.query, asOf],
  );
  const rows = value?.items ?? [];
  const rollupRows = rows.map(rollup => ({ rollup }));
  const names = NAMES[by];
  const plural = names.many.toLocaleLowerCase('en-US');

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
    {
      title: 'Exemptions',
      render: r => exemptionSummary(r.aggregate) ?? '—',
    },
    { title: 'Entities', align: 'right', render: r => r.aggregate.entities },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={names.many}
          // Read out when a search or day changes it.
          subheader={
            <span aria-live="polite">{`${value?.totalCount ?? '…'} ${
              value?.totalCount === 1
                ? names.one.toLocaleLowerCase('en-US')
                : plural
            }`}</span>
          }
        >
          <ViewToolbar
            actions={
              <CsvExportButton
                filename={`readiness-${by}s.csv`}
                of={`the ${plural} shown`}
                columns={rollupCsvColumns(model)}
                rows={rollupRows}
              />
            }
          >
            <SearchField
              id={`readiness-${by}-search`}
              label={`Search ${plural}`}
              onSearch={text => {
                setQ(text);
                paging.firstPage();
              }}
            />
            <AsOfPicker
              value={asOf}
              onChange={day => {
                setAsOf(day);
                paging.firstPage();
              }}
              served={value?.asOf}
            />
          </ViewToolbar>
          {error ? (
            <ResponseErrorPanel error={error} />
          ) : (
            <PagedTable
              ariaLabel={`${names.many} by readiness`}
              columns={columns}
              rows={rows}
              rowKey={r => r.ref}
              total={value?.totalCount ?? 0}
              {...paging.tableProps}
              loading={loading}
              emptyText={`No ${plural} to show`}
            />
          )}
        </InfoCard>
      </Grid>
      {rows.length > 0 && (
        <Grid item xs={12}>
          <InfoCard
            title="Heat map"
            subheader={`Mean score per category of the ${plural} on this page`}
          >
            <ReadinessHeatMap
              model={model}
              rows={rollupRows}
              caption={`Score by category of the ${plural} shown`}
            />
            <Typography variant="caption" color="textSecondary">
              Hover a cell for the mean score and how many entities it averages.
            </Typography>
          </InfoCard>
        </Grid>
      )}
      {rows.length > 0 && (
        <Grid item xs={12}>
          <InfoCard
            title="Role heat map"
            subheader={`Entities of the ${plural} on this page whose required role is unassigned or held by someone who left`}
          >
            <RoleHeatMap
              model={model}
              rows={rollupRows}
              caption={`Role gaps of the ${plural} shown`}
            />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
