import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReadinessModel } from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { CampaignBurnUp } from './CampaignBurnUp';
import { CampaignMissing } from './CampaignMissing';
import { CampaignTeams } from './CampaignTeams';
import { describeTarget } from './campaignText';

/**
 * One campaign: its burn-up, its progress per team ({@link CampaignTeams})
 * and the entities still missing with what each needs, downloadable as
 * CSV.
 */
export function CampaignDetail(props: { model: ReadinessModel; id: string }) {
  const { model, id } = props;
  const api = useApi(readinessApiRef);
  const [owner, setOwner] = useState<string>();
  const detail = useAsync(() => api.getCampaign(id), [api, id]);
  if (detail.loading) return <Progress />;
  if (detail.error) return <ResponseErrorPanel error={detail.error} />;
  if (!detail.value) return null;
  const { campaign, history } = detail.value;

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
          <CampaignTeams
            campaignId={id}
            title={campaign.title}
            owner={owner}
            onOwner={setOwner}
          />
        </Grid>
        <Grid item xs={12}>
          <CampaignMissing model={model} campaign={campaign} owner={owner} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
