import { memo } from 'react';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  NO_LEVEL,
  NOT_ASSESSED,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { levelColour, levelTitle } from '../../../lib/presentation';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 12,
    minWidth: 120,
    borderRadius: 6,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
  },
  segment: { height: '100%' },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(0.5),
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: theme.spacing(0.5),
  },
}));

/**
 * Level ids from "no level" up to the highest level, the order of the bar;
 * "not assessed" first when some entities are.
 */
export function levelOrder(
  model: ReadinessModel,
  levels: Record<string, number> = {},
): string[] {
  return [
    ...(levels[NOT_ASSESSED] ? [NOT_ASSESSED] : []),
    NO_LEVEL,
    ...model.levels.map(l => l.id),
  ];
}

/** `7 no level, 1 Bronze, 0 Silver, 1 Gold`: the bar in words. */
export function describeLevels(
  model: ReadinessModel,
  levels: Record<string, number>,
): string {
  return levelOrder(model, levels)
    .map(id => {
      const title = levelTitle(model, id);
      return `${levels[id] ?? 0} ${
        id === NO_LEVEL || id === NOT_ASSESSED
          ? title.toLocaleLowerCase('en-US')
          : title
      }`;
    })
    .join(', ');
}

/**
 * How many entities reached each level, as a stacked horizontal bar (lowest
 * level on the left), with the counts in its label and tooltip.
 */
export const LevelDistributionBar = memo(
  function LevelDistributionBarComponent(props: {
    model: ReadinessModel;
    levels: Record<string, number>;
    showLegend?: boolean;
  }) {
    const { model, levels, showLegend } = props;
    const classes = useStyles();
    const order = levelOrder(model, levels);
    const total = order.reduce((sum, id) => sum + (levels[id] ?? 0), 0);
    const description = `Entities per level: ${describeLevels(model, levels)}`;
    return (
      <Box>
        <Tooltip title={description}>
          <div className={classes.bar} role="img" aria-label={description}>
            {total > 0 &&
              order.map(id =>
                levels[id] ? (
                  <div
                    key={id}
                    className={classes.segment}
                    style={{
                      width: `${(100 * levels[id]) / total}%`,
                      backgroundColor: levelColour(model, id),
                    }}
                  />
                ) : null,
              )}
          </div>
        </Tooltip>
        {showLegend && (
          <div className={classes.legend} aria-hidden>
            {order.map(id => (
              <Typography key={id} variant="caption" color="textSecondary">
                <span
                  className={classes.swatch}
                  style={{ backgroundColor: levelColour(model, id) }}
                />
                {levelTitle(model, id)} {levels[id] ?? 0}
              </Typography>
            ))}
          </div>
        )}
      </Box>
    );
  },
);

/** The colours of the levels, for views with many bars. */
export const LevelLegend = memo(function LevelLegendComponent(props: {
  model: ReadinessModel;
}) {
  const classes = useStyles();
  return (
    <div className={classes.legend} aria-hidden>
      {levelOrder(props.model).map(id => (
        <Typography key={id} variant="caption" color="textSecondary">
          <span
            className={classes.swatch}
            style={{ backgroundColor: levelColour(props.model, id) }}
          />
          {levelTitle(props.model, id)}
        </Typography>
      ))}
    </div>
  );
});
