import { useState } from 'react';
import { Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  CampaignEntityProgress,
  CampaignSummary,
  CsvColumn,
  ReadinessModel,
  toCsv,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { useEntityReadinessLink } from '../../../hooks/useEntityReadinessLink';
import { ToneChip } from '../../shared/StatusChip';
import { CsvExportAllButton } from '../CsvExportButton';
import { PagedColumn, PagedTable } from '../PagedTable';
import { listAllCampaignEntities } from './campaignEntities';
import { describeTarget } from './campaignText';

const csvColumns: CsvColumn<CampaignEntityProgress>[] = [
  { header: 'entityRef', value: e => e.entityRef },
  { header: 'title', value: e => e.title },
  { header: 'owner', value: e => e.owner },
  { header: 'status', value: e => e.status },
  { header: 'level', value: e => e.level ?? undefined },
  { header: 'missing', value: e => e.missing.join(' ') },
];

/**
 * The entities of a campaign still missing (those of `owner` and its
 * sub-teams only, when given), with what each needs: a page at a time from
 * the server, and all of them as CSV.
 */
export function CampaignMissing(props: {
  model: ReadinessModel;
  campaign: CampaignSummary;
  owner?: string;
}) {
  const { model, campaign, owner } = props;
  const api = useApi(readinessApiRef);
  const readinessLink = useEntityReadinessLink();
  // The page belongs to the owner it was chosen for: another owner starts at
  // the first page.
  const [paging, setPaging] = useState({ owner, page: 0 });
  const page = paging.owner === owner ? paging.page : 0;
  const [pageSize, setPageSize] = useState(25);
  const missing = useAsync(
    () =>
      api.listCampaignEntities(campaign.id, {
        status: 'not-done',
        owner,
        limit: pageSize,
        offset: page * pageSize,
      }),
    [api, campaign.id, owner, page, pageSize],
  );
  const checkTitle = (checkId: string) =>
    model.checks.find(c => c.id === checkId)?.title ?? checkId;

  const columns: PagedColumn<CampaignEntityProgress>[] = [
    {
      title: 'Entity',
      render: e => (
        <Link to={readinessLink(e.entityRef)}>{e.title ?? e.entityRef}</Link>
      ),
    },
    {
      title: 'Owner',
      render: e => (e.owner ? <EntityRefLink entityRef={e.owner} /> : '—'),
    },
    {
      title: 'Status',
      render: e => (
        <ToneChip
          tone={e.status === 'overdue' ? 'error' : 'warning'}
          label={e.status === 'overdue' ? 'Overdue' : 'Not done'}
        />
      ),
    },
    {
      title: 'Still needs',
      render: e =>
        e.missing.length
          ? e.missing.map(checkTitle).join(', ')
          : describeTarget(campaign, model),
    },
  ];

  return (
    <>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle2">
          Still missing
          {owner ? ` (owned by ${owner} and its sub-teams)` : ''}:{' '}
          {missing.value?.totalCount ?? '…'}
        </Typography>
        <CsvExportAllButton
          filename={`campaign-${campaign.id}-missing.csv`}
          total={missing.value?.totalCount}
          load={async onProgress =>
            toCsv(
              csvColumns,
              await listAllCampaignEntities(
                api,
                campaign.id,
                { status: 'not-done', owner },
                onProgress,
              ),
            )
          }
          of={`the entities missing from ${campaign.title}`}
        />
      </Box>
      {missing.error ? (
        <ResponseErrorPanel error={missing.error} />
      ) : (
        <PagedTable
          ariaLabel={`Entities missing from ${campaign.title}`}
          columns={columns}
          rows={missing.value?.items ?? []}
          rowKey={e => e.entityRef}
          total={missing.value?.totalCount ?? 0}
          page={page}
          pageSize={pageSize}
          onPageChange={next => setPaging({ owner, page: next })}
          onPageSizeChange={size => {
            setPageSize(size);
            setPaging({ owner, page: 0 });
          }}
          loading={missing.loading}
          emptyText="Nothing is missing."
        />
      )}
    </>
  );
}
