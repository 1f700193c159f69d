import { memo } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  ReadinessModel,
  ReadinessRole,
  Rollup,
} from '@prodready/plugin-readiness-common';
import type { HeatMapRow } from '../ReadinessHeatMap';
import { useHeatMapStyles } from '../ReadinessHeatMap/heatMapStyles';
import { HeatMapNameCell } from '../ReadinessHeatMap/HeatMapNameCell';

const useStyles = makeStyles(theme => ({
  none: {
    color: theme.palette.text.secondary,
    fontWeight: 400,
  },
  swatch: { width: 24, height: 10, borderRadius: 3 },
}));

/** What a cell counts: entities with the role unassigned, and with a holder gone. */
export interface RoleGapCell {
  unassigned: number;
  holderGone: number;
}

/** The role's gaps in a rollup (zero when it has none). */
export function roleGapCell(rollup: Rollup, roleId: string): RoleGapCell {
  const gaps = rollup.aggregate.roleGaps?.[roleId];
  return {
    unassigned: gaps?.unassigned ?? 0,
    holderGone: gaps?.holderGone ?? 0,
  };
}

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** `Payments, CTO: 2 unassigned, 1 holder gone, of 5 entities`: a cell in words. */
export function describeRoleCell(
  rollup: Rollup,
  role: Pick<ReadinessRole, 'title'>,
  cell: RoleGapCell,
): string {
  const name = rollup.title ?? rollup.ref;
  const entities = rollup.aggregate.entities;
  if (entities === 0) return `${name}, ${role.title}: no entities`;
  const of = `of ${plural(entities, 'entity', 'entities')}`;
  if (cell.unassigned + cell.holderGone === 0) {
    return `${name}, ${role.title}: no gaps ${of}`;
  }
  const parts = [];
  if (cell.unassigned) parts.push(`${cell.unassigned} unassigned`);
  if (cell.holderGone) {
    parts.push(plural(cell.holderGone, 'holder gone', 'with holders gone'));
  }
  return `${name}, ${role.title}: ${parts.join(', ')}, ${of}`;
}

/** Amber (a few entities) to red (all of them); holders gone count as gaps too. */
function gapColour(share: number, dark: boolean): string {
  const hue = Math.round(40 * (1 - Math.max(0, Math.min(1, share))));
  return `hsl(${hue}, 75%, ${dark ? 34 : 80 - 18 * share}%)`;
}

/**
 * The roles that have a column: the model's required roles, and any other
 * role a row has gaps in (a role required only where an entity needs it).
 */
export function roleColumns(
  model: ReadinessModel,
  rows: HeatMapRow[],
): ReadinessRole[] {
  return model.roles.filter(
    role =>
      role.required ||
      rows.some(({ rollup }) => rollup.aggregate.roleGaps?.[role.id]),
  );
}

/**
 * Rollups (rows) × required roles (columns): each cell counts the entities
 * below the row whose role is unassigned or held by someone who has left,
 * coloured by their share of the row's entities. Rolled up like the scores:
 * a group counts the entities of its sub-groups.
 */
export const RoleHeatMap = memo(function RoleHeatMapComponent(props: {
  model: ReadinessModel;
  rows: HeatMapRow[];
  caption: string;
}) {
  const { model, rows, caption } = props;
  const classes = { ...useHeatMapStyles(), ...useStyles() };
  const dark = useTheme().palette.type === 'dark';
  const roles = roleColumns(model, rows);

  const cell = (rollup: Rollup, role: ReadinessRole) => {
    const counts = roleGapCell(rollup, role.id);
    const text = describeRoleCell(rollup, role, counts);
    const gaps = counts.unassigned + counts.holderGone;
    const entities = rollup.aggregate.entities;
    let className = classes.cell;
    let style: React.CSSProperties | undefined;
    if (entities === 0) className += ` ${classes.empty}`;
    else if (gaps === 0) className += ` ${classes.none}`;
    else style = { backgroundColor: gapColour(gaps / entities, dark) };
    return (
      <TableCell key={role.id} className={classes.cellPad}>
        {/* A native title: a Tooltip per cell is costly on large trees. */}
        <div
          role="img"
          aria-label={text}
          title={text}
          className={className}
          style={style}
        >
          {entities === 0 ? '–' : gaps}
          {counts.holderGone > 0 && <span aria-hidden> †</span>}
        </div>
      </TableCell>
    );
  };

  return (
    <div className={classes.wrapper}>
      <Table
        size="small"
        aria-label={caption}
        className={classes.table}
        style={{ minWidth: 240 + 84 * roles.length }}
      >
        <colgroup>
          <col style={{ width: 240 }} />
          {roles.map(r => (
            <col key={r.id} />
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
            {roles.map(r => (
              <TableCell
                key={r.id}
                className={classes.head}
                title={r.responsibility}
              >
                {r.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ rollup, depth = 0 }) => (
            <TableRow
              key={rollup.ref}
              data-testid={`role-heatmap-row-${rollup.ref}`}
            >
              <HeatMapNameCell rollup={rollup} depth={depth} />
              {roles.map(role => cell(rollup, role))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={classes.legend} aria-hidden>
        <Typography variant="caption">
          Entities with the role unassigned or a holder gone (†):
        </Typography>
        {[0.1, 0.5, 1].map(share => (
          <div
            key={share}
            className={classes.swatch}
            style={{ backgroundColor: gapColour(share, dark) }}
          />
        ))}
        <Typography variant="caption">from a few to all</Typography>
      </div>
    </div>
  );
});
