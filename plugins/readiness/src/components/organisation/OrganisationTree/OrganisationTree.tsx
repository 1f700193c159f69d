import { KeyboardEvent, memo, useEffect, useRef, useState } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell, { TableCellProps } from '@material-ui/core/TableCell';
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
import { treeKeyAction } from './treeKeys';
import { loadedMessage, rowKey } from './treeRows';
import { useTreeFocus } from './useTreeFocus';
import {
  HiddenHeaderCell,
  useScreenReaderOnly,
} from '../../shared/ScreenReaderOnly';

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
  row: {
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
}));

/**
 * What every row of the treegrid carries. One row is in the tab order (the
 * last one focused), with its links and buttons; the arrow keys move
 * between rows (see {@link treeKeyAction}).
 */
const rowProps = (
  key: string,
  depth: number,
  current: boolean,
  onFocusRow: (key: string) => void,
) => ({
  'data-row-key': key,
  'aria-level': depth + 1,
  tabIndex: current ? 0 : -1,
  onFocus: () => onFocusRow(key),
});

/** A cell of the treegrid's body. */
const Cell = (props: TableCellProps) => (
  <TableCell role="gridcell" {...props} />
);

/**
 * One group of the tree. Memoised: expanding a group adds rows, and the
 * rows already shown (their level bars and tooltips) are not rendered again.
 */
const GroupRow = memo(function GroupRowComponent(props: {
  model: ReadinessModel;
  rollup: Rollup;
  depth: number;
  expanded: boolean;
  position: number;
  siblings: number;
  selected: boolean;
  /** In the tab order: the row and its links and buttons. */
  current: boolean;
  onToggle: (ref: string) => void;
  onSelect: (ref: string) => void;
  onFocusRow: (key: string) => void;
}) {
  const { model, rollup, depth, expanded, selected, current } = props;
  const { onToggle, onSelect, onFocusRow } = props;
  const classes = useStyles();
  const name = rollup.title ?? rollup.ref;
  const { aggregate } = rollup;
  const parent = rollup.children.length > 0;
  const tabIndex = current ? 0 : -1;
  return (
    <TableRow
      {...rowProps(rollup.ref, depth, current, onFocusRow)}
      aria-posinset={props.position}
      aria-setsize={props.siblings}
      aria-expanded={parent ? expanded : undefined}
      aria-selected={selected}
      data-testid={`org-row-${rollup.ref}`}
      className={`${classes.row} ${selected ? classes.selected : ''}`}
      hover
    >
      <Cell style={indent(depth)}>
        <div className={classes.name}>
          {parent ? (
            <IconButton
              size="small"
              tabIndex={tabIndex}
              onClick={() => onToggle(rollup.ref)}
              aria-expanded={expanded}
              aria-label={`${expanded ? 'Collapse' : 'Expand'} ${name}`}
            >
              {expanded ? <ExpandMoreIcon /> : <ChevronRightIcon />}
            </IconButton>
          ) : (
            <span className={classes.spacer} />
          )}
          <EntityRefLink entityRef={rollup.ref} hideIcon tabIndex={tabIndex}>
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
      </Cell>
      <Cell>
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
      </Cell>
      <Cell className={classes.levels}>
        <LevelDistributionBar model={model} levels={aggregate.levels} />
      </Cell>
      <Cell align="right">{aggregate.gateFailures}</Cell>
      <Cell
        align="right"
        className={aggregate.productionBelowGate ? classes.alarm : undefined}
      >
        {aggregate.productionBelowGate}
      </Cell>
      <Cell align="right">{aggregate.entities}</Cell>
      <Cell align="right">
        <Box whiteSpace="nowrap">
          <Button
            size="small"
            variant={selected ? 'contained' : 'text'}
            color="primary"
            tabIndex={tabIndex}
            aria-pressed={selected}
            aria-label={`Show the entities and trend of ${name}`}
            onClick={() => onSelect(rollup.ref)}
          >
            Details
          </Button>
        </Box>
      </Cell>
    </TableRow>
  );
});

/**
 * The organisation as a treegrid of group rollups: score, entities per
 * level, gate failures and production entities below the gate. Groups
 * expand in place (their children load then); "Details" shows a group's
 * entities and trend. One row is in the tab order; the arrow keys move
 * between rows and open and close groups, Enter does the row's action.
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
  const screenReaderOnly = useScreenReaderOnly();
  const table = useRef<HTMLTableElement>(null);
  const { current, focusRow, setFocused, onFocus, onBlur } = useTreeFocus(
    rows,
    table,
  );
  const [announced, setAnnounced] = useState('');
  const shown = useRef(rows);
  useEffect(() => {
    const message = loadedMessage(shown.current, rows);
    shown.current = rows;
    if (message) setAnnounced(message);
  }, [rows]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    // Keys pressed on a row's links and buttons are theirs.
    const target = event.target as HTMLElement;
    if (target.tagName !== 'TR' || !target.dataset.rowKey) return;
    const index = rows.findIndex(row => rowKey(row) === target.dataset.rowKey);
    const action = treeKeyAction(rows, index, event.key);
    if (!action) return;
    event.preventDefault();
    const row = rows[index];
    if (action.type === 'focus') focusRow(rowKey(rows[action.index]));
    else if (action.type === 'toggle') onToggle(action.ref);
    else if (row.type === 'group') onSelect(row.rollup.ref);
    else if (row.type !== 'loading') onLoadMore(row.parent);
  };

  return (
    <>
      <Typography
        aria-live="polite"
        component="div"
        className={screenReaderOnly}
      >
        {announced}
      </Typography>
      <Table
        ref={table}
        size="small"
        role="treegrid"
        aria-label="Organisation tree"
        className={classes.table}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={onBlur}
      >
        <TableHead>
          <TableRow>
            <TableCell>Group</TableCell>
            <TableCell>Score</TableCell>
            <TableCell>Entities per level</TableCell>
            <TableCell align="right">With failing gates</TableCell>
            <TableCell align="right">In production below the gate</TableCell>
            <TableCell align="right">Entities</TableCell>
            <HiddenHeaderCell>Details</HiddenHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => {
            const key = rowKey(row);
            if (row.type === 'group') {
              return (
                <GroupRow
                  key={key}
                  model={model}
                  rollup={row.rollup}
                  depth={row.depth}
                  expanded={row.expanded}
                  position={row.position}
                  siblings={row.siblings}
                  selected={selected === row.rollup.ref}
                  current={key === current}
                  onToggle={onToggle}
                  onSelect={onSelect}
                  onFocusRow={setFocused}
                />
              );
            }
            const tabIndex = key === current ? 0 : -1;
            let content;
            if (row.type === 'loading') {
              content = <LinearProgress aria-label="Loading groups" />;
            } else if (row.type === 'error') {
              content = (
                <>
                  <Typography color="error" variant="body2" component="span">
                    Could not load the groups: {errorMessage(row.error)}
                  </Typography>{' '}
                  <Button
                    size="small"
                    tabIndex={tabIndex}
                    onClick={() => onLoadMore(row.parent)}
                  >
                    Retry
                  </Button>
                </>
              );
            } else {
              content = (
                <Button
                  size="small"
                  tabIndex={tabIndex}
                  onClick={() => onLoadMore(row.parent)}
                >
                  Show more ({row.loaded} of {row.total} shown)
                </Button>
              );
            }
            return (
              <TableRow
                key={key}
                {...rowProps(key, row.depth, key === current, setFocused)}
                className={classes.row}
              >
                <Cell
                  colSpan={7}
                  style={indent(
                    row.type === 'more' ? row.depth + 1 : row.depth,
                  )}
                >
                  {content}
                </Cell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
});
