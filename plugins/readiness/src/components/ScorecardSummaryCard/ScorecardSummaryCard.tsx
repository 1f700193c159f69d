import { Gauge, InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import HistoryIcon from '@material-ui/icons/History';
import {
  CheckStatus,
  EntityScorecard,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { formatDateTime, formatScore, timeAgo } from '../../lib/format';
import { levelTitle, STATUS_PRESENTATION } from '../../lib/presentation';
import { LevelChip, ToneChip } from '../StatusChip';

const useStyles = makeStyles(theme => ({
  gauge: { maxWidth: 180, margin: '0 auto' },
  label: {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '0.7rem',
    letterSpacing: '0.05em',
  },
  score: { fontWeight: 700, lineHeight: 1.1 },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1.5),
  },
  missing: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
}));

const COUNT_ORDER: CheckStatus[] = [
  'met',
  'partially-met',
  'not-met',
  'expired',
  'unknown',
  'not-applicable',
];

/**
 * The head of the readiness tab: overall score as a gauge, the level reached,
 * what the next level still needs, how the checks stand, and when all of it
 * was computed (and whether it is stale).
 */
export function ScorecardSummaryCard(props: {
  model: ReadinessModel;
  scorecard: EntityScorecard;
  stale: boolean;
  now: Date;
  onShowCheck: (checkId: string) => void;
}) {
  const { model, scorecard, stale, now, onShowCheck } = props;
  const classes = useStyles();
  const titles = new Map(model.checks.map(c => [c.id, c.title]));
  const counts = Object.fromEntries(COUNT_ORDER.map(s => [s, 0])) as Record<
    CheckStatus,
    number
  >;
  for (const c of scorecard.checks) counts[c.status]++;

  return (
    <InfoCard
      title="Production readiness"
      subheader={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <span title={formatDateTime(scorecard.computedAt)}>
            Computed {timeAgo(scorecard.computedAt, now)}
          </span>
          {stale && (
            <ToneChip
              tone="warning"
              icon={<HistoryIcon />}
              label="Stale"
              title="The catalog could not be reached; this is the last stored result"
            />
          )}
        </Box>
      }
    >
      <Grid container spacing={3} alignItems="center">
        <Grid item xs={12} sm={4} md={3}>
          <div className={classes.gauge}>
            {scorecard.score === null ? (
              <Typography color="textSecondary" align="center">
                No check applies
              </Typography>
            ) : (
              <Gauge value={scorecard.score / 100} />
            )}
          </div>
        </Grid>
        <Grid item xs={12} sm={8} md={9}>
          <Typography className={classes.label}>Overall score</Typography>
          <Typography variant="h3" component="p" className={classes.score}>
            <span data-testid="readiness-score">
              {scorecard.score === null
                ? 'No applicable checks'
                : formatScore(scorecard.score)}
            </span>
          </Typography>
          <div className={classes.row}>
            <Typography variant="body2">Level reached</Typography>
            <LevelChip model={model} levelId={scorecard.level} />
            <Typography variant="body2" color="textSecondary">
              {scorecard.gateFailures} gate check
              {scorecard.gateFailures === 1 ? '' : 's'} failing
            </Typography>
          </div>
          {scorecard.nextLevel && (
            <Box mt={1.5}>
              <Typography variant="body2">
                To reach{' '}
                <strong>
                  {levelTitle(model, scorecard.nextLevel.levelId)}
                </strong>
                {scorecard.nextLevel.missingChecks.length
                  ? ', meet these gate checks:'
                  : '.'}
              </Typography>
              <ul
                className={classes.missing}
                aria-label={`Missing for ${levelTitle(
                  model,
                  scorecard.nextLevel.levelId,
                )}`}
              >
                {scorecard.nextLevel.missingChecks.map(id => (
                  <li key={id}>
                    <MuiLink
                      component="button"
                      variant="body2"
                      onClick={() => onShowCheck(id)}
                    >
                      {titles.get(id) ?? id}
                    </MuiLink>
                  </li>
                ))}
              </ul>
            </Box>
          )}
          <div className={classes.row} aria-label="Checks by status">
            {COUNT_ORDER.filter(s => counts[s] > 0).map(s => (
              <ToneChip
                key={s}
                tone={STATUS_PRESENTATION[s].tone}
                label={`${counts[s]} ${STATUS_PRESENTATION[
                  s
                ].label.toLocaleLowerCase('en-US')}`}
              />
            ))}
          </div>
        </Grid>
      </Grid>
    </InfoCard>
  );
}
