import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  CampaignGroupProgress,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { CampaignBurnUp } from './CampaignBurnUp';
import { CampaignMissing } from './CampaignMissing';
import { CampaignProgressBar } from './CampaignProgressBar';
import { describeTarget } from './campaignText';
import { HiddenHeaderCell } from '../../shared/ScreenReaderOnly';

/** Team rows shown at first, and added by each "Show more". */
export const TEAM_ROWS = 50;

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

/**
 * One campaign: its burn-up, its progress per team (nested like the
 * organisation tree) and the entities still missing with what each needs,
 * downloadable as CSV.
 */
export function CampaignDetail(props: { model: ReadinessModel; id: string }) {
  const { model, id } = props;
  const api = useApi(readinessApiRef);
  const [owner, setOwner] = useState<string>();
  // A campaign across the organisation has a row per team: thousands.
  const [shownTeams, setShownTeams] = useState(TEAM_ROWS);
  const detail = useAsync(() => api.getCampaign(id), [api, id]);
  if (detail.loading) return <Progress />;
  if (detail.error) return <ResponseErrorPanel error={detail.error} />;
  if (!detail.value) return null;
  const { campaign, groups, history } = detail.value;
  const teams = groupTree(groups);

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
        {campaign.progress.pending && (
          <Grid item xs={12}>
            <Typography role="status" color="textSecondary">
              Computing progress… The burn-up, the teams and the entities below
              are as before the campaign was saved.
            </Typography>
          </Grid>
        )}
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
                <HiddenHeaderCell>Entities still missing</HiddenHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {teams.slice(0, shownTeams).map(({ group, depth }) => (
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
                        aria-label={`${
                          owner === group.groupRef ? 'Show all' : 'Missing'
                        } of ${group.groupRef}`}
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
              {teams.length > shownTeams && (
                <TableRow>
                  <TableCell colSpan={3}>
                    <Button
                      size="small"
                      onClick={() => setShownTeams(n => n + TEAM_ROWS)}
                    >
                      Show {Math.min(TEAM_ROWS, teams.length - shownTeams)} more
                      of {teams.length} teams
                    </Button>
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Grid>
        <Grid item xs={12}>
          <CampaignMissing model={model} campaign={campaign} owner={owner} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
