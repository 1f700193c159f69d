import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import EditIcon from '@material-ui/icons/Edit';
import UndoIcon from '@material-ui/icons/Undo';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import LockIcon from '@material-ui/icons/Lock';
import {
  CheckRowData,
  isAnswerable,
  isExpiring,
  portalAnswerOf,
} from '../../../lib/checks';
import {
  daysUntil,
  formatDateTime,
  formatDay,
  inDays,
} from '../../../lib/format';
import { SOURCE_LABELS, STATUS_PRESENTATION } from '../../../lib/presentation';
import {
  StatusChip,
  ToneChip,
  UpcomingStatusChip,
} from '../../shared/StatusChip';

const useStyles = makeStyles(theme => ({
  row: { '& > td': { borderBottom: 'unset' } },
  highlight: { backgroundColor: theme.palette.action.selected },
  title: { fontWeight: theme.typography.fontWeightMedium as number },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  actions: { whiteSpace: 'nowrap', textAlign: 'right' },
  detailCell: { paddingTop: 0, paddingBottom: 0 },
}));

/** What the signed-in user may do to a check, decided by the permission framework. */
export interface CheckActions {
  canAnswer: boolean;
  canReview: boolean;
  /** The signed-in user's entity ref: nobody signs off their own answer. */
  userEntityRef?: string;
  busy: boolean;
  onEdit: (row: CheckRowData) => void;
  onReattest: (row: CheckRowData) => void;
  onRevert: (row: CheckRowData) => void;
  onReview: (row: CheckRowData) => void;
}

/** Who answered and when, in the words of the answer's source. */
function AnsweredBy(props: { row: CheckRowData }) {
  const { result } = props.row;
  const answer = result.answer;
  if (!answer) return <>—</>;
  let who: ReactNode = null;
  if (answer.source === 'portal' && answer.answeredBy) {
    who = <EntityRefLink entityRef={answer.answeredBy} hideIcon />;
  } else if (answer.source === 'annotation') {
    who =
      result.source === 'inherited' ? 'System annotation' : 'catalog-info.yaml';
  } else if (answer.source === 'automatic') {
    who = answer.answeredBy ?? 'a catalog detector';
  }
  return (
    <>
      {who && <div>{who}</div>}
      {answer.answeredAt && (
        <Typography variant="caption" color="textSecondary">
          {formatDateTime(answer.answeredAt)}
        </Typography>
      )}
    </>
  );
}

/** "Expires in N days" or "Expired since <date>". */
function Expiry(props: { row: CheckRowData; now: Date }) {
  const { result } = props.row;
  if (result.expiredSince) {
    return (
      <Typography variant="body2" color="error">
        Expired since {formatDay(result.expiredSince)}
      </Typography>
    );
  }
  if (!result.expiresAt) return <>—</>;
  const days = daysUntil(result.expiresAt, props.now);
  return (
    <Tooltip title={`Expires on ${formatDay(result.expiresAt)}`}>
      <Typography
        variant="body2"
        color={isExpiring(result, props.now) ? 'error' : 'textPrimary'}
      >
        Expires {inDays(days)}
      </Typography>
    </Tooltip>
  );
}

/**
 * One check: status, source, who answered and when, expiry, evidence and
 * what the user may do, with the question and guidance one click away.
 */
export function CheckRow(props: {
  row: CheckRowData;
  now: Date;
  expanded: boolean;
  highlighted: boolean;
  onToggle: () => void;
  actions: CheckActions;
  details: ReactNode;
}) {
  const { row, now, expanded, highlighted, onToggle, actions } = props;
  const { result, definition } = row;
  const classes = useStyles();
  const answer = result.answer;
  const portal = portalAnswerOf(result);
  const answerable = isAnswerable(definition);
  const canReattest =
    actions.canAnswer &&
    answerable &&
    answer !== undefined &&
    (result.source === 'portal' || result.source === 'annotation') &&
    isExpiring(result, now);
  // The backend refuses a sign-off by the person who gave the answer.
  const canSignOff =
    actions.canReview &&
    portal !== undefined &&
    !portal.review &&
    portal.answeredBy !== actions.userEntityRef;
  const showActions = actions.canAnswer || actions.canReview;
  const detailsId = `check-details-${definition.id}`;
  const columns = showActions ? 8 : 7;

  return (
    <>
      <TableRow
        id={`check-${definition.id}`}
        data-testid={`check-row-${definition.id}`}
        className={`${classes.row} ${highlighted ? classes.highlight : ''}`}
      >
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-controls={detailsId}
            aria-label={`${
              expanded ? 'Hide' : 'Show'
            } guidance and details of ${definition.title}`}
          >
            {expanded ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell>
          <Typography variant="body2" className={classes.title}>
            {definition.title}
          </Typography>
          <div className={classes.chips}>
            {definition.gate && (
              <ToneChip
                tone="info"
                icon={<LockIcon />}
                label="Gate"
                title="A failing gate check blocks its level"
              />
            )}
            {result.conflict && (
              <ToneChip
                tone="warning"
                icon={<CallSplitIcon />}
                label="Conflict"
                title={`The annotation says ${
                  STATUS_PRESENTATION[result.conflict.annotation.status].label
                }, the portal says ${
                  STATUS_PRESENTATION[result.conflict.portal.status].label
                }`}
              />
            )}
            {result.problems.length > 0 && (
              <ToneChip
                tone="error"
                icon={<ErrorOutlineIcon />}
                label="Invalid annotation"
                title={result.problems
                  .map(p => `${p.key}: ${p.message}`)
                  .join('\n')}
              />
            )}
          </div>
        </TableCell>
        <TableCell>
          {result.upcoming ? (
            <UpcomingStatusChip upcoming={result.upcoming} />
          ) : (
            <StatusChip status={result.status} />
          )}
          {answer?.review && (
            <div className={classes.chips}>
              <ToneChip
                tone="ok"
                icon={<VerifiedUserIcon />}
                label="Signed off"
                title={`Signed off by ${
                  answer.review.reviewedBy
                } on ${formatDateTime(answer.review.reviewedAt)}`}
              />
            </div>
          )}
        </TableCell>
        <TableCell>
          <Typography variant="body2">
            {SOURCE_LABELS[result.source]}
          </Typography>
          {result.inheritedFrom && (
            <Typography variant="caption" color="textSecondary">
              from <EntityRefLink entityRef={result.inheritedFrom} />
            </Typography>
          )}
        </TableCell>
        <TableCell>
          <AnsweredBy row={row} />
        </TableCell>
        <TableCell>
          <Expiry row={row} now={now} />
        </TableCell>
        <TableCell>
          {answer?.evidenceUrl ? (
            <Link
              to={answer.evidenceUrl}
              aria-label={`Evidence for ${definition.title}`}
            >
              <Box
                display="inline-flex"
                alignItems="center"
                whiteSpace="nowrap"
                style={{ gap: 4 }}
              >
                Evidence <OpenInNewIcon style={{ fontSize: 14 }} />
              </Box>
            </Link>
          ) : (
            '—'
          )}
        </TableCell>
        {showActions && (
          <TableCell className={classes.actions}>
            {actions.canAnswer && answerable && (
              <Tooltip title="Answer in the portal">
                <IconButton
                  size="small"
                  aria-label={`Answer ${definition.title}`}
                  disabled={actions.busy}
                  onClick={() => actions.onEdit(row)}
                >
                  <EditIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            {canReattest && (
              <Button
                size="small"
                color="primary"
                variant="outlined"
                disabled={actions.busy}
                aria-label={`Re-attest ${definition.title}`}
                onClick={() => actions.onReattest(row)}
                style={{ marginLeft: 4 }}
              >
                Re-attest
              </Button>
            )}
            {actions.canAnswer && portal && (
              <Tooltip title="Revert the portal answer">
                <IconButton
                  size="small"
                  aria-label={`Revert the portal answer to ${definition.title}`}
                  disabled={actions.busy}
                  onClick={() => actions.onRevert(row)}
                >
                  <UndoIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            {canSignOff && (
              <Tooltip title="Sign off the portal answer">
                <IconButton
                  size="small"
                  aria-label={`Sign off ${definition.title}`}
                  disabled={actions.busy}
                  onClick={() => actions.onReview(row)}
                >
                  <VerifiedUserIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            {actions.canAnswer && !answerable && (
              <Typography variant="caption" color="textSecondary">
                Assign roles
              </Typography>
            )}
          </TableCell>
        )}
      </TableRow>
      <TableRow>
        <TableCell colSpan={columns} className={classes.detailCell}>
          <Collapse in={expanded} timeout="auto" unmountOnExit>
            <div id={detailsId}>{props.details}</div>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}
