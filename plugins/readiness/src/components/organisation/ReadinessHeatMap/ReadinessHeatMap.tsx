import { Fragment, memo, useMemo } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { ReadinessModel, Rollup } from '@prodready/plugin-readiness-common';
import { formatScore } from '../../../lib/format';
import { useHeatMapStyles } from './heatMapStyles';
import { HeatMapNameCell } from './HeatMapNameCell';

const useStyles = makeStyles({
  gradient: { width: 160, height: 10, borderRadius: 5 },
});

/** A row of the heat map: a rollup and how deep it sits in the tree. */
export interface HeatMapRow {
  rollup: Rollup;
  depth?: number;
}

/** Red (0) through amber to green (100). */
function scoreColour(score: number, dark: boolean): string {
  const hue = Math.round(1.2 * Math.max(0, Math.min(100, score)));
  return `hsl(${hue}, 65%, ${dark ? 32 : 78}%)`;
}

/** `Payments, Scalability: 36.7% (6 entities scored)`: a cell in words. */
export function describeCell(
  rollup: Rollup,
  columnTitle: string,
  score: number | null | undefined,
  scored: number,
): string {
  const name = rollup.title ?? rollup.ref;
  if (score === null || score === undefined) {
    return `${name}, ${columnTitle}: no entity scored`;
  }
  return `${name}, ${columnTitle}: ${formatScore(score)} (${scored} ${
    scored === 1 ? 'entity' : 'entities'
  } scored)`;
}

type HeatMapClasses = ReturnType<typeof useHeatMapStyles> &
  ReturnType<typeof useStyles>;

/**
 * One rollup's row, drawn again only when its rollup or depth changes: a
 * page of groups more (or a group expanded) draws only the new rows.
 */
const HeatMapRowView = memo(function HeatMapRowComponent(props: {
  model: ReadinessModel;
  rollup: Rollup;
  depth: number;
  dark: boolean;
  classes: HeatMapClasses;
}) {
  const { model, rollup, depth, dark, classes } = props;
  const cell = (
    columnTitle: string,
    score: number | null | undefined,
    scored: number,
  ) => {
    const text = describeCell(rollup, columnTitle, score, scored);
    const hasScore = score !== null && score !== undefined;
    return (
      <TableCell className={classes.cellPad}>
        {/* A native title: a Tooltip per cell is costly on large trees. */}
        <div
          role="img"
          aria-label={text}
          title={text}
          className={`${classes.cell} ${hasScore ? '' : classes.empty}`}
          style={
            hasScore ? { backgroundColor: scoreColour(score, dark) } : undefined
          }
        >
          {hasScore ? Math.round(score) : '–'}
        </div>
      </TableCell>
    );
  };
  return (
    <TableRow data-testid={`heatmap-row-${rollup.ref}`}>
      <HeatMapNameCell rollup={rollup} depth={depth} />
      {cell('Overall', rollup.score, rollup.aggregate.scored)}
      {model.categories.map(c => (
        <Fragment key={c.id}>
          {cell(
            c.title,
            rollup.categories[c.id],
            rollup.aggregate.categories[c.id]?.scored ?? 0,
          )}
        </Fragment>
      ))}
    </TableRow>
  );
});

/**
 * Rollups (rows) × categories (columns), each cell coloured by its mean
 * score, with the score and how many entities it averages in its title
 * and label. It draws only the rows it is given: the visible tree rows or
 * one page of a listing.
 */
export const ReadinessHeatMap = memo(function ReadinessHeatMapComponent(props: {
  model: ReadinessModel;
  rows: HeatMapRow[];
  caption: string;
}) {
  const { model, rows, caption } = props;
  const heatMap = useHeatMapStyles();
  const own = useStyles();
  const classes = useMemo(() => ({ ...heatMap, ...own }), [heatMap, own]);
  const dark = useTheme().palette.type === 'dark';

  return (
    <div className={classes.wrapper}>
      <Table
        size="small"
        aria-label={caption}
        className={classes.table}
        style={{ minWidth: 240 + 100 * (model.categories.length + 1) }}
      >
        <colgroup>
          <col style={{ width: 240 }} />
          <col />
          {model.categories.map(c => (
            <col key={c.id} />
          ))}
        </colgroup>
        <TableHead>
          <TableRow>
            <TableCell
              className={classes.head}
              style={{ textAlign: 'left', paddingLeft: 16 }}
            >
              Name
            </TableCell>
            <TableCell className={classes.head}>Overall</TableCell>
            {model.categories.map(c => (
              <TableCell key={c.id} className={classes.head}>
                {c.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ rollup, depth = 0 }) => (
            <HeatMapRowView
              key={rollup.ref}
              model={model}
              rollup={rollup}
              depth={depth}
              dark={dark}
              classes={classes}
            />
          ))}
        </TableBody>
      </Table>
      <div className={classes.legend} aria-hidden>
        <Typography variant="caption">0%</Typography>
        <div
          className={classes.gradient}
          style={{
            background: `linear-gradient(to right, ${[0, 25, 50, 75, 100]
              .map(s => scoreColour(s, dark))
              .join(', ')})`,
          }}
        />
        <Typography variant="caption">100%</Typography>
      </div>
    </div>
  );
});
