import { memo, useState } from 'react';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ReadinessModel,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { useEntityReadinessLink } from '../../../hooks/useEntityReadinessLink';
import { formatScore } from '../../../lib/format';
import { noEntitiesText, shownLevel } from '../../../lib/presentation';
import { LevelChip, ToneChip } from '../../shared/StatusChip';
import { PagedColumn, PagedTable } from '../PagedTable';
import { ScoreTrendChart, TrendSeries } from '../../shared/ScoreTrendChart';

const PAGE_SIZE = 10;

/**
 * A group chosen in the tree: its score over time next to the
 * organisation's, and the entities it owns (a page at a time, lowest score
 * first), each linking to its readiness tab.
 */
export const GroupDetailPanel = memo(function GroupDetailPanelComponent(props: {
  model: ReadinessModel;
  groupRef: string;
  asOf?: string;
  organisation: TrendSeries[];
}) {
  const { model, groupRef, asOf, organisation } = props;
  const api = useApi(readinessApiRef);
  const readinessLink = useEntityReadinessLink();
  // The page belongs to the day it was chosen on: the group may own fewer
  // entities on another day, so that one starts at the first page.
  const [paging, setPaging] = useState({ asOf, page: 0 });
  const page = paging.asOf === asOf ? paging.page : 0;
  const { value, loading, error } = useAsync(
    () =>
      api.getRollup(groupRef, {
        asOf: asOf || undefined,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
        // The tree beside it lists the sub-groups.
        childLimit: 0,
      }),
    [api, groupRef, asOf, page],
  );
  const name = value?.rollup.title ?? groupRef;

  const columns: PagedColumn<ScorecardSummary>[] = [
    {
      title: 'Entity',
      render: e => (
        <Link to={readinessLink(e.entityRef)}>{e.title ?? e.entityRef}</Link>
      ),
    },
    { title: 'Kind', render: e => e.kind },
    { title: 'Score', render: e => formatScore(e.score), align: 'right' },
    {
      title: 'Level',
      render: e => <LevelChip model={model} levelId={shownLevel(e)} />,
    },
    {
      title: 'Gate',
      render: e => {
        // A snapshot keeps each entity's score and level, not its gates.
        if (value?.asOf) return '—';
        return e.productionBelowGate ? (
          <ToneChip tone="error" label="Below in production" />
        ) : (
          `${e.gateFailures} failing`
        );
      },
    },
  ];

  return (
    <InfoCard
      title={name}
      subheader={
        asOf && value?.asOf
          ? `As of ${value.asOf}`
          : 'Score trend and the entities the group owns directly'
      }
    >
      {error ? (
        <ResponseErrorPanel error={error} />
      ) : (
        <Grid container spacing={3}>
          <Grid item xs={12} lg={5}>
            <Typography variant="subtitle2" gutterBottom>
              Score trend
            </Typography>
            {value && (
              <ScoreTrendChart
                title={`Score trend of ${name}`}
                series={[
                  ...organisation.filter(s => s.name !== name),
                  { name, points: value.trend },
                ]}
              />
            )}
          </Grid>
          <Grid item xs={12} lg={7}>
            <Typography variant="subtitle2">
              Entities ({value?.entitiesTotal ?? '…'}), lowest score first
            </Typography>
            <PagedTable
              ariaLabel={`Entities of ${name}`}
              columns={columns}
              rows={value?.entities ?? []}
              rowKey={e => e.entityRef}
              total={value?.entitiesTotal ?? 0}
              page={page}
              pageSize={PAGE_SIZE}
              onPageChange={next => setPaging({ asOf, page: next })}
              loading={loading}
              emptyText={noEntitiesText(
                value ?? { stale: false, entitiesTotal: 0 },
              )}
            />
          </Grid>
        </Grid>
      )}
    </InfoCard>
  );
});
