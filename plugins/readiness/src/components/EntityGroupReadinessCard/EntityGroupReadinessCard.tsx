import {
  Gauge,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { useEntityReadinessLink } from '../../hooks/useEntityReadinessLink';
import { formatScore } from '../../lib/format';
import { levelTitle } from '../../lib/presentation';
import { rootRouteRef } from '../../routes';
import { LevelDistributionBar } from '../LevelDistributionBar';

/** Entities listed as the team's worst. */
const WORST = 5;

const useStyles = makeStyles(theme => ({
  gauge: { maxWidth: 150, margin: '0 auto' },
  label: {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '0.7rem',
    letterSpacing: '0.05em',
  },
  figure: { fontWeight: 700 },
}));

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
  const organisationLink = useRouteRef(rootRouteRef);
  const ref = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(async () => {
    const [model, detail] = await Promise.all([
      api.getModel(),
      api.getRollup(ref, { limit: WORST }),
    ]);
    return { model, ...detail };
  }, [api, ref]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const { model, rollup, entities } = value;
  const { aggregate } = rollup;
  return (
    <InfoCard
      title="Team readiness"
      subheader={`${aggregate.entities} entit${
        aggregate.entities === 1 ? 'y' : 'ies'
      } owned by the team and its sub-teams`}
      variant="gridItem"
      deepLink={{ title: 'Organisation readiness', link: organisationLink() }}
    >
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={5}>
          <div className={classes.gauge}>
            {rollup.score === null ? (
              <Typography color="textSecondary" align="center">
                Nothing scored yet
              </Typography>
            ) : (
              <Gauge value={rollup.score / 100} />
            )}
          </div>
        </Grid>
        <Grid item xs={7}>
          <Typography className={classes.label}>Rollup score</Typography>
          <Typography
            variant="h4"
            component="p"
            data-testid="group-readiness-score"
          >
            {formatScore(rollup.score)}
          </Typography>
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
        </Grid>
      </Grid>
      <Box mt={2}>
        <Typography className={classes.label} gutterBottom>
          Entities per level
        </Typography>
        <LevelDistributionBar
          model={model}
          levels={aggregate.levels}
          showLegend
        />
      </Box>
      <Box mt={2}>
        <Typography className={classes.label}>Lowest scores</Typography>
        {entities.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            The group owns no entities directly; its sub-teams do.
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
                    e.level,
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
