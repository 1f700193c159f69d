import { useState } from 'react';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  CampaignEntityProgress,
  CampaignGroupProgress,
  CsvColumn,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { useEntityReadinessLink } from '../../../hooks/useEntityReadinessLink';
import { ToneChip } from '../../shared/StatusChip';
import { CsvExportButton } from '../CsvExportButton';
import { CampaignBurnUp } from './CampaignBurnUp';
import { CampaignProgressBar } from './CampaignProgressBar';
import { describeTarget } from './campaignText';

/** Entities still missing, loaded at once (for the list and its CSV). */
const MISSING_LIMIT = 5000;

/** The groups in tree order (each after its parent), with their depth. */
export function groupTree(
  groups: CampaignGroupProgress[],
): { group: CampaignGroupProgress; depth: number }[] {
  const refs = new Set(groups.map(g => g.groupRef));
  const children = new Map<string, CampaignGroupProgress[]>();
  const roots: CampaignGroupProgress[] = [];
  for (const g of groups) {
    if (g.parent && refs.has(g.parent)) {
      children.set(g.parent, [...(children.get(g.parent) ?? []), g]);
    } else {
      roots.push(g);
    }
  }
  const out: { group: CampaignGroupProgress; depth: number }[] = [];
  const visit = (g: CampaignGroupProgress, depth: number) => {
    out.push({ group: g, depth });
    for (const c of children.get(g.groupRef) ?? []) visit(c, depth + 1);
  };
  roots.forEach(g => visit(g, 0));
  return out;
}

const csvColumns: CsvColumn<CampaignEntityProgress>[] = [
  { header: 'entityRef', value: e => e.entityRef },
  { header: 'title', value: e => e.title },
  { header: 'owner', value: e => e.owner },
  { header: 'status', value: e => e.status },
  { header: 'level', value: e => e.level ?? undefined },
  { header: 'missing', value: e => e.missing.join(' ') },
];

/**
 * One campaign: its burn-up, its progress per team (nested like the
 * organisation tree) and the entities still missing with what each needs,
 * downloadable as CSV.
 */
export function CampaignDetail(props: { model: ReadinessModel; id: string }) {
  const { model, id } = props;
  const api = useApi(readinessApiRef);
  const readinessLink = useEntityReadinessLink();
  const [owner, setOwner] = useState<string>();
  const detail = useAsync(() => api.getCampaign(id), [api, id]);
  const missing = useAsync(
    () =>
      api.listCampaignEntities(id, {
        status: 'not-done',
        owner,
        limit: MISSING_LIMIT,
      }),
    [api, id, owner],
  );
  if (detail.loading) return <Progress />;
  if (detail.error) return <ResponseErrorPanel error={detail.error} />;
  if (!detail.value) return null;
  const { campaign, groups, history } = detail.value;
  const checkTitle = (checkId: string) =>
    model.checks.find(c => c.id === checkId)?.title ?? checkId;

  return (
    <InfoCard
      title={campaign.title}
      subheader={`${describeTarget(campaign, model)}${
        campaign.description ? ` — ${campaign.description}` : ''
      }`}
    >
      <Grid container spacing={3}>
        <Grid item xs={12} lg={6}>
          <Typography variant="subtitle2" gutterBottom>
            Burn-up
          </Typography>
          <CampaignBurnUp
            title={`Burn-up of ${campaign.title}`}
            history={history}
            deadline={campaign.deadline}
          />
        </Grid>
        <Grid item xs={12} lg={6}>
          <Typography variant="subtitle2">By team</Typography>
          <Table
            size="small"
            aria-label={`Progress of ${campaign.title} by team`}
          >
            <TableHead>
              <TableRow>
                <TableCell>Team</TableCell>
                <TableCell>Progress</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {groupTree(groups).map(({ group, depth }) => (
                <TableRow
                  key={group.groupRef}
                  selected={owner === group.groupRef}
                >
                  <TableCell style={{ paddingLeft: 16 + depth * 16 }}>
                    <EntityRefLink entityRef={group.groupRef} />
                  </TableCell>
                  <TableCell>
                    <CampaignProgressBar
                      counts={group}
                      label={`${group.groupRef} in ${campaign.title}`}
                    />
                  </TableCell>
                  <TableCell align="right">
                    {group.done < group.total && (
                      <Button
                        size="small"
                        onClick={() =>
                          setOwner(o =>
                            o === group.groupRef ? undefined : group.groupRef,
                          )
                        }
                      >
                        {owner === group.groupRef ? 'Show all' : 'Missing'}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Grid>
        <Grid item xs={12}>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="subtitle2">
              Still missing
              {owner ? ` (owned by ${owner} and its sub-teams)` : ''}:{' '}
              {missing.value?.totalCount ?? '…'}
            </Typography>
            <CsvExportButton
              filename={`campaign-${campaign.id}-missing.csv`}
              columns={csvColumns}
              rows={missing.value?.items ?? []}
              label={`Export the entities missing from ${campaign.title} as CSV`}
            />
          </Box>
          {missing.error && <ResponseErrorPanel error={missing.error} />}
          {missing.loading && <Progress />}
          {missing.value && (
            <Table
              size="small"
              aria-label={`Entities missing from ${campaign.title}`}
            >
              <TableHead>
                <TableRow>
                  <TableCell>Entity</TableCell>
                  <TableCell>Owner</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Still needs</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {missing.value.items.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={4}>Nothing is missing.</TableCell>
                  </TableRow>
                )}
                {missing.value.items.map(e => (
                  <TableRow key={e.entityRef}>
                    <TableCell>
                      <Link to={readinessLink(e.entityRef)}>
                        {e.title ?? e.entityRef}
                      </Link>
                    </TableCell>
                    <TableCell>
                      {e.owner ? <EntityRefLink entityRef={e.owner} /> : '—'}
                    </TableCell>
                    <TableCell>
                      <ToneChip
                        tone={e.status === 'overdue' ? 'error' : 'warning'}
                        label={e.status === 'overdue' ? 'Overdue' : 'Not done'}
                      />
                    </TableCell>
                    <TableCell>
                      {e.missing.length
                        ? e.missing.map(checkTitle).join(', ')
                        : describeTarget(campaign, model)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Grid>
      </Grid>
    </InfoCard>
  );
}
