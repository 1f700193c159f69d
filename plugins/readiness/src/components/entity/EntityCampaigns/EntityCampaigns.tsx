import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { ReadinessModel } from '@prodready/plugin-readiness-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { useOrganisationPageLink } from '../../../hooks/useOrganisationPageLink';
import { ToneChip } from '../../shared/StatusChip';
import {
  describeDeadline,
  describeTarget,
} from '../../organisation/Campaigns/campaignText';

const STATUS = {
  done: { tone: 'ok', label: 'Done' },
  'not-done': { tone: 'warning', label: 'Not done' },
  overdue: { tone: 'error', label: 'Overdue' },
} as const;

/**
 * On an entity's Readiness tab: the campaigns it is part of, whether it is
 * done in each, and the checks it still needs (each opens its row). Shows
 * nothing when the entity is in no campaign.
 */
export function EntityCampaigns(props: {
  entityRef: string;
  model: ReadinessModel;
  /** Changes after each write, so progress is read again. */
  revision: number;
  onShowCheck: (checkId: string) => void;
}) {
  const { entityRef, model, revision, onShowCheck } = props;
  const api = useApi(readinessApiRef);
  const organisationLink = useOrganisationPageLink();
  const now = useMemo(() => new Date(), []);
  // Secondary to the scorecard: when campaigns cannot be read, the tab
  // shows the rest without them.
  const { value } = useAsync(
    async () => api.getEntityCampaigns(entityRef),
    [api, entityRef, revision],
  );
  if (!value?.items.length) return null;
  return (
    <Grid item xs={12}>
      <InfoCard
        title="Campaigns"
        subheader="What this entity is asked to reach, by when"
        deepLink={
          organisationLink
            ? { title: 'All campaigns', link: `${organisationLink}/campaigns` }
            : undefined
        }
      >
        <List dense disablePadding aria-label="Campaigns of this entity">
          {value.items.map(({ campaign, entity }) => (
            <ListItem key={campaign.id} disableGutters alignItems="flex-start">
              <ListItemText
                primary={
                  <>
                    <strong>{campaign.title}</strong>{' '}
                    <ToneChip
                      tone={STATUS[entity.status].tone}
                      label={STATUS[entity.status].label}
                    />
                  </>
                }
                secondary={
                  <>
                    {describeTarget(campaign, model)} ·{' '}
                    {describeDeadline(
                      campaign.deadline,
                      campaign.progress,
                      now,
                    )}
                    {entity.status !== 'done' && entity.missing.length > 0 && (
                      <Typography
                        component="span"
                        display="block"
                        variant="body2"
                      >
                        Still needs:{' '}
                        {entity.missing.map((checkId, i) => (
                          <span key={checkId}>
                            {i > 0 && ', '}
                            <Link
                              to={`?check=${encodeURIComponent(checkId)}`}
                              onClick={event => {
                                event.preventDefault();
                                onShowCheck(checkId);
                              }}
                            >
                              {model.checks.find(c => c.id === checkId)
                                ?.title ?? checkId}
                            </Link>
                          </span>
                        ))}
                      </Typography>
                    )}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      </InfoCard>
    </Grid>
  );
}
