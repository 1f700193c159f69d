import { useMemo, useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import {
  CampaignSummary,
  ReadinessModel,
  readinessCampaignManagePermission,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { errorMessage } from '../../../lib/errors';
import { useSuccessNotice } from '../../../hooks/useSuccessNotice';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { ToneChip } from '../../shared/StatusChip';
import { CampaignDetail } from './CampaignDetail';
import { CampaignDialog } from './CampaignDialog';
import { CampaignProgressBar } from './CampaignProgressBar';
import { useCampaignList } from './useCampaignList';
import { describeDeadline, describeTarget } from './campaignText';
import { HiddenHeaderCell } from '../../shared/ScreenReaderOnly';

/**
 * The Campaigns tab of the organisation page: every campaign (from
 * app-config, read-only, and from the portal) with its progress and
 * deadline; one chosen shows its burn-up, teams and missing entities.
 * Holders of `readiness.campaign.manage` create, edit and delete portal
 * campaigns here.
 */
export function CampaignsView(props: { model: ReadinessModel }) {
  const { model } = props;
  const api = useApi(readinessApiRef);
  const alertApi = useApi(alertApiRef);
  const notify = useSuccessNotice();
  const { allowed: canManage } = usePermission({
    permission: readinessCampaignManagePermission,
  });
  const now = useMemo(() => new Date(), []);
  const list = useCampaignList();
  const [selected, setSelected] = useState<string>();
  const [editing, setEditing] = useState<CampaignSummary | 'new'>();
  const [deleting, setDeleting] = useState<CampaignSummary>();
  const [revision, setRevision] = useState(0);

  const saved = () => {
    notify(editing === 'new' ? 'Created the campaign' : 'Saved the campaign');
    setEditing(undefined);
    setRevision(r => r + 1);
    list.retry();
  };
  const remove = async (campaign: CampaignSummary) => {
    try {
      await api.deleteCampaign(campaign.id, campaign.version);
      notify(`Deleted ${campaign.title}`);
      if (selected === campaign.id) setSelected(undefined);
      list.retry();
    } catch (error) {
      alertApi.post({ message: errorMessage(error), severity: 'error' });
      list.retry();
    } finally {
      setDeleting(undefined);
    }
  };

  const items = list.items ?? [];
  const shown = items.find(c => c.id === selected) ?? items[0];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Campaigns"
          subheader="Sets of entities asked to reach a level or meet checks by a deadline"
        >
          {canManage && (
            <Box mb={2}>
              <Button
                variant="contained"
                color="primary"
                startIcon={<AddIcon />}
                onClick={() => setEditing('new')}
              >
                New campaign
              </Button>
            </Box>
          )}
          {list.loading && !list.items && <Progress />}
          {list.error && <ResponseErrorPanel error={list.error} />}
          {list.items && items.length === 0 && (
            <Typography color="textSecondary">
              No campaigns yet.
              {canManage ? ' Create one to drive teams to a target.' : ''}
            </Typography>
          )}
          {items.length > 0 && (
            <Table size="small" aria-label="Campaigns">
              <TableHead>
                <TableRow>
                  <TableCell>Campaign</TableCell>
                  <TableCell>Target</TableCell>
                  <TableCell>Progress</TableCell>
                  <TableCell>Deadline</TableCell>
                  <HiddenHeaderCell>Actions</HiddenHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map(c => (
                  <TableRow key={c.id} selected={shown?.id === c.id}>
                    <TableCell>
                      <Button
                        size="small"
                        onClick={() => setSelected(c.id)}
                        aria-pressed={shown?.id === c.id}
                      >
                        {c.title}
                      </Button>
                      {c.source === 'config' && (
                        <ToneChip
                          tone="neutral"
                          label="app-config"
                          title="Defined in app-config (readiness.campaigns); read-only here"
                        />
                      )}
                    </TableCell>
                    <TableCell>{describeTarget(c, model)}</TableCell>
                    <TableCell>
                      <CampaignProgressBar
                        counts={c.progress}
                        label={c.title}
                      />
                    </TableCell>
                    <TableCell>
                      {c.overdue ? (
                        <ToneChip
                          tone="error"
                          label={describeDeadline(c.deadline, c.progress, now)}
                        />
                      ) : (
                        describeDeadline(c.deadline, c.progress, now)
                      )}
                    </TableCell>
                    <TableCell align="right">
                      {canManage && c.source === 'portal' && (
                        <>
                          <Button
                            size="small"
                            aria-label={`Edit ${c.title}`}
                            onClick={() => setEditing(c)}
                          >
                            Edit
                          </Button>
                          <Button
                            size="small"
                            aria-label={`Delete ${c.title}`}
                            onClick={() => setDeleting(c)}
                          >
                            Delete
                          </Button>
                        </>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
      {shown && (
        <Grid item xs={12}>
          <CampaignDetail
            // Read again once its progress is computed.
            key={`${shown.id}-${revision}-${!!shown.progress.pending}`}
            model={model}
            id={shown.id}
          />
        </Grid>
      )}
      {editing && (
        <CampaignDialog
          model={model}
          campaign={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={saved}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.title}?`}
          confirmLabel="Delete"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(undefined)}
        >
          Its progress and burn-up go with it.
        </ConfirmDialog>
      )}
    </Grid>
  );
}
