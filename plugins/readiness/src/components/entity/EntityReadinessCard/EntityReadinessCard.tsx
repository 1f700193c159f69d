import { InfoCard, Link, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import LockIcon from '@material-ui/icons/Lock';
import { useEntityReadinessLink } from '../../../hooks/useEntityReadinessLink';
import { useEntityScorecard } from '../../../hooks/useEntityScorecard';
import { topGaps } from '../../../lib/checks';
import { levelTitle, shownLevel } from '../../../lib/presentation';
import { ScoreGauge } from '../../shared/ScoreGauge';
import { SectionLabel } from '../../shared/SectionLabel';
import { LevelChip, StatusChip, ToneChip } from '../../shared/StatusChip';
import { ReadinessErrorPanel } from '../../shared/ReadinessErrorPanel';

const useStyles = makeStyles(theme => ({
  gap: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

/**
 * Readiness at a glance for the entity overview: score, level, and the
 * three biggest gaps, each linking to its check in the readiness tab.
 * @public
 */
export function EntityReadinessCard() {
  const classes = useStyles();
  const { entityRef, value, loading, error, retry } = useEntityScorecard();
  const readinessLink = useEntityReadinessLink();
  if (loading) return <Progress />;
  if (error) return <ReadinessErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;
  const { scorecard, model } = value;
  const gaps = topGaps(scorecard, model, 3);
  return (
    <InfoCard
      title="Production readiness"
      variant="gridItem"
      deepLink={{ title: 'View readiness', link: readinessLink(entityRef) }}
    >
      <ScoreGauge
        score={scorecard.score}
        label="Overall score"
        unscored="No check applies"
      >
        <Box mt={1} display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="body2">Level</Typography>
          <LevelChip model={model} levelId={shownLevel(scorecard)} />
        </Box>
        {!scorecard.lifecycleGate.passed && (
          <Box mt={1}>
            <ToneChip
              tone="error"
              icon={<LockIcon />}
              label={`Below ${levelTitle(
                model,
                scorecard.lifecycleGate.minimumLevel,
              )} in production`}
            />
          </Box>
        )}
      </ScoreGauge>
      <Box mt={2}>
        <SectionLabel>Top gaps</SectionLabel>
        {gaps.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No gaps: every check is met or not applicable.
          </Typography>
        ) : (
          <List dense disablePadding aria-label="Top gaps">
            {gaps.map(({ result, definition }) => (
              <ListItem key={definition.id} disableGutters>
                <ListItemText
                  primary={
                    <span className={classes.gap}>
                      <StatusChip status={result.status} />
                      <Link to={readinessLink(entityRef, definition.id)}>
                        {definition.title}
                      </Link>
                    </span>
                  }
                  secondary={
                    definition.gate
                      ? `Gate for ${levelTitle(model, definition.level)}`
                      : `Weight ${definition.weight}`
                  }
                />
              </ListItem>
            ))}
          </List>
        )}
      </Box>
    </InfoCard>
  );
}
