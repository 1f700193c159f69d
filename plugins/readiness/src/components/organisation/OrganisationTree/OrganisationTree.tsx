import { memo, useEffect, useRef } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ReadinessModel, Rollup } from '@prodready/plugin-readiness-common';
import { TreeRow } from '../../../hooks/useRollupTree';
import { errorMessage } from '../../../lib/errors';
import { formatScore } from '../../../lib/format';
import { exemptionSummary } from '../../../lib/exemptions';
import { LevelDistributionBar } from '../../shared/LevelDistributionBar';

const INDENT = 24;

const indent = (depth: number) => ({ paddingLeft: 8 + depth * INDENT });

const useStyles = makeStyles(theme => ({
  // The Backstage theme breaks words anywhere in narrow cells; wrap at spaces.
  table: { '& td, & th': { wordBreak: 'normal' } },
  name: { display: 'flex', alignItems: 'center', minWidth: 240 },
  spacer: { width: 30, flexShrink: 0 },
  // Under the name, past the expand button.
  spacerIndent: { paddingLeft: 30 },
  score: { fontWeight: 600, minWidth: 64 },
  bar: { marginTop: 4, height: 4, borderRadius: 2, width: 64 },
  levels: { minWidth: 160 },
  selected: { backgroundColor: theme.palette.action.selected },
  alarm: { color: theme.palette.status.error, fontWeight: 600 },
}));

/**
 * One group of the tree. Memoised: expanding a group adds rows, and the
 * rows already shown (their level bars and tooltips) are not rendered again.
 */
const GroupRow = memo(function GroupRowComponent(props: {
  model: ReadinessModel;
  rollup: Rollup;
  depth: number;
  expanded: boolean;
  selected: boolean;
  onToggle: (ref: string) => void;
  onSelect: (ref: string) => void;
}) {
  const { model, rollup, depth, expanded, selected, onToggle, onSelect } =
    props;
  const classes = useStyles();
  const name = rollup.title ?? rollup.ref;
  const { aggregate } = rollup;
  return (
    <TableRow
      data-testid={`org-row-${rollup.ref}`}
      className={selected ? classes.selected : undefined}
      hover
    >
      <TableCell style={indent(depth)}>
        <div className={classes.name}>
          {rollup.children.length > 0 ? (
            <IconButton
              size="small"
              onClick={() => onToggle(rollup.ref)}
              aria-expanded={expanded}
              aria-label={`${expanded ? 'Collapse' : 'Expand'} ${name}`}
            >
              {expanded ? <ExpandMoreIcon /> : <ChevronRightIcon />}
            </IconButton>
          ) : (
            <span className={classes.spacer} />
          )}
          <EntityRefLink entityRef={rollup.ref} hideIcon>
            {name}
          </EntityRefLink>
        </div>
        {exemptionSummary(aggregate) && (
          <Typography
            variant="caption"
            color="textSecondary"
            component="div"
            className={classes.spacerIndent}
          >
            {exemptionSummary(aggregate)}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Typography
          variant="body2"
          className={classes.score}
          data-testid={`org-score-${rollup.ref}`}
        >
          {formatScore(rollup.score)}
        </Typography>
        {rollup.score !== null && (
          <LinearProgress
            aria-hidden
            variant="determinate"
            value={rollup.score}
            className={classes.bar}
          />
        )}
      </TableCell>
      <TableCell className={classes.levels}>
        <LevelDistributionBar model={model} levels={aggregate.levels} />
      </TableCell>
      <TableCell align="right">{aggregate.gateFailures}</TableCell>
      <TableCell
        align="right"
        className={aggregate.productionBelowGate ? classes.alarm : undefined}
      >
        {aggregate.productionBelowGate}
      </TableCell>
      <TableCell align="right">{aggregate.entities}</TableCell>
      <TableCell align="right">
        <Box whiteSpace="nowrap">
          <Button
            size="small"
            variant={selected ? 'contained' : 'text'}
            color="primary"
            aria-pressed={selected}
            aria-label={`Show the entities and trend of ${name}`}
            onClick={() => onSelect(rollup.ref)}
          >
            Details
          </Button>
        </Box>
      </TableCell>
    </TableRow>
  );
});

/**
 * The organisation as a tree table of group rollups: score, entities per
 * level, gate failures and production entities below the gate. Groups
 * expand in place (their children load then); "Entities" opens a group's
 * entity list.
 */
export const OrganisationTree = memo(function OrganisationTreeComponent(props: {
  model: ReadinessModel;
  rows: TreeRow[];
  selected?: string;
  onToggle: (ref: string) => void;
  onLoadMore: (parent: string) => void;
  onSelect: (ref: string) => void;
}) {
  const { model, rows, selected, onToggle, onLoadMore, onSelect } = props;
  const classes = useStyles();
  const table = useRef<HTMLTableElement>(null);
  // "Show more" is replaced by the rows it loads: focus goes to the first
  // of them (its position), not back to the top of the page.
  const focusAt = useRef<number>();
  useEffect(() => {
    const at = focusAt.current;
    const row = at === undefined ? undefined : rows[at];
    if (row?.type !== 'group') return;
    focusAt.current = undefined;
    table.current
      ?.querySelector<HTMLElement>(
        `[data-testid="org-row-${CSS.escape(row.rollup.ref)}"] a`,
      )
      ?.focus();
  }, [rows]);

  return (
    <Table
      ref={table}
      size="small"
      aria-label="Organisation tree"
      className={classes.table}
    >
      <TableHead>
        <TableRow>
          <TableCell>Group</TableCell>
          <TableCell>Score</TableCell>
          <TableCell>Entities per level</TableCell>
          <TableCell align="right">With failing gates</TableCell>
          <TableCell align="right">In production below the gate</TableCell>
          <TableCell align="right">Entities</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, index) => {
          if (row.type === 'loading') {
            return (
              <TableRow key={`loading-${row.parent}`}>
                <TableCell colSpan={7} style={indent(row.depth)}>
                  <LinearProgress aria-label="Loading groups" />
                </TableCell>
              </TableRow>
            );
          }
          if (row.type === 'error') {
            return (
              <TableRow key={`error-${row.parent}`}>
                <TableCell colSpan={7} style={indent(row.depth)}>
                  <Typography color="error" variant="body2" component="span">
                    Could not load the groups: {errorMessage(row.error)}
                  </Typography>{' '}
                  <Button size="small" onClick={() => onLoadMore(row.parent)}>
                    Retry
                  </Button>
                </TableCell>
              </TableRow>
            );
          }
          if (row.type === 'more') {
            return (
              <TableRow key={`more-${row.parent}`}>
                <TableCell colSpan={7} style={indent(row.depth + 1)}>
                  <Button
                    size="small"
                    onClick={() => {
                      focusAt.current = index;
                      onLoadMore(row.parent);
                    }}
                  >
                    Show more ({row.loaded} of {row.total} shown)
                  </Button>
                </TableCell>
              </TableRow>
            );
          }
          return (
            <GroupRow
              key={row.rollup.ref}
              model={model}
              rollup={row.rollup}
              depth={row.depth}
              expanded={row.expanded}
              selected={selected === row.rollup.ref}
              onToggle={onToggle}
              onSelect={onSelect}
            />
          );
        })}
      </TableBody>
    </Table>
  );
});
