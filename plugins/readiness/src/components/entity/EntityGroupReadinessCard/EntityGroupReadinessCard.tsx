import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { useEntityReadinessLink } from '../../../hooks/useEntityReadinessLink';
import { useOrganisationPageLink } from '../../../hooks/useOrganisationPageLink';
import { isNotFound } from '../../../lib/errors';
import { formatScore } from '../../../lib/format';
import {
  levelTitle,
  noEntitiesText,
  shownLevel,
} from '../../../lib/presentation';
import { LevelDistributionBar } from '../../shared/LevelDistributionBar';
import { ScoreGauge } from '../../shared/ScoreGauge';
import { SectionLabel } from '../../shared/SectionLabel';
import { GroupCampaigns } from './GroupCampaigns';
import { ReadinessErrorPanel } from '../../shared/ReadinessErrorPanel';

/** Entities listed as the team's worst. */
const WORST = 5;

const useStyles = makeStyles({
  figure: { fontWeight: 700 },
});

/**
 * The readiness of the group in context and its sub-teams: rollup score,
 * entities per level, gate failures, and the entities it owns with the
 * lowest scores.
 * @public
 */
export function EntityGroupReadinessCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(readinessApiRef);
  const readinessLink = useEntityReadinessLink();
  const organisationLink = useOrganisationPageLink();
  const ref = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [model, detail] = await Promise.all([
      api.getModel(),
      // A 404: the group is newer than the last full run, which rolls it up.
      api.getRollup(ref, { limit: WORST, childLimit: 0 }).catch(e => {
        if (isNotFound(e)) return undefined;
        throw e;
      }),
    ]);
    return detail ? { model, ...detail } : 'not-rolled-up';
  }, [api, ref]);
  if (loading) return <Progress />;
  if (error) return <ReadinessErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;
  if (value === 'not-rolled-up') {
    return (
      <InfoCard title="Team readiness" variant="gridItem">
        <Typography variant="body2" color="textSecondary">
          No readiness figures for this group yet: they appear after the next
          full run.
        </Typography>
      </InfoCard>
    );
  }
  const { model, rollup, entities } = value;
  const { aggregate } = rollup;
  return (
    <InfoCard
      title="Team readiness"
      subheader={`${aggregate.entities} entit${
        aggregate.entities === 1 ? 'y' : 'ies'
      } owned by the team and its sub-teams`}
      variant="gridItem"
      deepLink={
        organisationLink
          ? { title: 'Organisation readiness', link: organisationLink }
          : undefined
      }
    >
      <ScoreGauge
        score={rollup.score}
        label="Rollup score"
        unscored="Nothing scored yet"
        figureTestId="group-readiness-score"
      >
        <Box mt={1} display="flex" style={{ gap: 24 }}>
          <div>
            <Typography className={classes.figure}>
              {aggregate.gateFailures}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              with failing gates
            </Typography>
          </div>
          <div>
            <Typography
              className={classes.figure}
              color={aggregate.productionBelowGate ? 'error' : 'textPrimary'}
            >
              {aggregate.productionBelowGate}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              in production below the gate
            </Typography>
          </div>
        </Box>
      </ScoreGauge>
      <Box mt={2}>
        <SectionLabel gutterBottom>Entities per level</SectionLabel>
        <LevelDistributionBar
          model={model}
          levels={aggregate.levels}
          showLegend
        />
      </Box>
      <GroupCampaigns groupRef={ref} />
      <Box mt={2}>
        <SectionLabel>Lowest scores</SectionLabel>
        {entities.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            {noEntitiesText(value)}
          </Typography>
        ) : (
          <List
            dense
            disablePadding
            aria-label="Entities with the lowest scores"
          >
            {entities.map(e => (
              <ListItem key={e.entityRef} disableGutters>
                <ListItemText
                  primary={
                    <Link to={readinessLink(e.entityRef)}>
                      {e.title ?? e.entityRef}
                    </Link>
                  }
                  secondary={`${formatScore(e.score)} · ${levelTitle(
                    model,
                    shownLevel(e),
                  )}`}
                />
              </ListItem>
            ))}
          </List>
        )}
      </Box>
    </InfoCard>
  );
}
