import { ReactNode } from 'react';
import { Gauge } from '@backstage/core-components';
import Grid, { GridSize } from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatScore } from '../../../lib/format';
import { SectionLabel } from '../SectionLabel';

const useStyles = makeStyles({
  gauge: { maxWidth: 150, margin: '0 auto' },
  wideGauge: { maxWidth: 180, margin: '0 auto' },
  wideScore: { fontWeight: 700, lineHeight: 1.1 },
});

type Breakpoints = { xs: GridSize; sm?: GridSize; md?: GridSize };

/** Card: gauge and figure side by side. Wide: the head of a page, stacking on phones. */
const LAYOUTS: Record<
  'card' | 'wide',
  { spacing: 2 | 3; gauge: Breakpoints; figure: Breakpoints }
> = {
  card: { spacing: 2, gauge: { xs: 5 }, figure: { xs: 7 } },
  wide: {
    spacing: 3,
    gauge: { xs: 12, sm: 4, md: 3 },
    figure: { xs: 12, sm: 8, md: 9 },
  },
};

/**
 * A readiness score as a gauge beside its figure, with what else there is
 * to say about it (level, gate failures) below the figure.
 */
export function ScoreGauge(props: {
  score: number | null;
  /** The caption over the figure. */
  label: string;
  /** Shown instead of the gauge when nothing was scored. */
  unscored: string;
  /** The figure when nothing was scored; `n/a` unless given. */
  unscoredFigure?: string;
  /** The test id of the figure. */
  figureTestId?: string;
  layout?: 'card' | 'wide';
  children?: ReactNode;
}) {
  const { score, layout = 'card' } = props;
  const classes = useStyles();
  const wide = layout === 'wide';
  const { spacing, gauge, figure } = LAYOUTS[layout];
  return (
    <Grid container spacing={spacing} alignItems="center">
      <Grid item {...gauge}>
        <div className={wide ? classes.wideGauge : classes.gauge}>
          {score === null ? (
            <Typography color="textSecondary" align="center">
              {props.unscored}
            </Typography>
          ) : (
            <Gauge value={score / 100} />
          )}
        </div>
      </Grid>
      <Grid item {...figure}>
        <SectionLabel>{props.label}</SectionLabel>
        <Typography
          variant={wide ? 'h3' : 'h4'}
          component="p"
          className={wide ? classes.wideScore : undefined}
          data-testid={props.figureTestId}
        >
          {score === null && props.unscoredFigure
            ? props.unscoredFigure
            : formatScore(score)}
        </Typography>
        {props.children}
      </Grid>
    </Grid>
  );
}
