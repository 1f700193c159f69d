import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  CheckStatus,
  EntityScorecard,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import {
  levelTitle,
  shownLevel,
  STATUS_PRESENTATION,
} from '../../../lib/presentation';
import { ComputedSubheader } from '../../shared/ComputedSubheader';
import { ScoreGauge } from '../../shared/ScoreGauge';
import { LevelChip, ToneChip } from '../../shared/StatusChip';

const useStyles = makeStyles(theme => ({
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
  'exempt',
  'not-applicable',
  'upcoming',
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
        <ComputedSubheader
          computedAt={scorecard.computedAt}
          now={now}
          stale={stale}
          staleTitle="The catalog could not be reached; this is the last stored result"
        />
      }
    >
      <ScoreGauge
        layout="wide"
        score={scorecard.score}
        label="Overall score"
        unscored="No check applies"
        unscoredFigure="No applicable checks"
        figureTestId="readiness-score"
      >
        <div className={classes.row}>
          <Typography variant="body2">Level reached</Typography>
          <LevelChip model={model} levelId={shownLevel(scorecard)} />
          <Typography variant="body2" color="textSecondary">
            {scorecard.gateFailures} gate check
            {scorecard.gateFailures === 1 ? '' : 's'} failing
          </Typography>
        </div>
        {scorecard.nextLevel && (
          <Box mt={1.5}>
            <Typography variant="body2">
              To reach{' '}
              <strong>{levelTitle(model, scorecard.nextLevel.levelId)}</strong>
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
      </ScoreGauge>
    </InfoCard>
  );
}
