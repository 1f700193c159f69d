import { useEffect, useRef } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { errorMessage } from '../../../lib/errors';
import {
  HiddenHeaderCell,
  useScreenReaderOnly,
} from '../../shared/ScreenReaderOnly';
import { CampaignProgressBar } from './CampaignProgressBar';
import { TEAM_ROWS, TeamRow, useCampaignTeams } from './useCampaignTeams';

const INDENT = 16;
/** The width of the expand button, so that leaves line up with their siblings. */
const BUTTON = 30;

const indent = (depth: number) => ({ paddingLeft: 16 + depth * INDENT });

/**
 * A campaign's progress by team, nested like the organisation tree: the
 * top-level teams, a team's sub-teams when it is expanded, fifty at a time.
 * "Missing" picks the team whose missing entities the page lists.
 */
export function CampaignTeams(props: {
  campaignId: string;
  title: string;
  owner?: string;
  onOwner: (owner: string | undefined) => void;
}) {
  const { campaignId, title, owner, onOwner } = props;
  const { rows, toggle, more, announcement } = useCampaignTeams(campaignId);
  const hidden = useScreenReaderOnly();
  const body = useRef<HTMLTableSectionElement>(null);
  // After "Show more" or "Try again", the keyboard goes to the first team
  // of the new page: the button it pressed may be gone.
  const focusNext = useRef<{ level: string; position: number }>();
  useEffect(() => {
    const next = focusNext.current;
    if (!next) return;
    const row = rows.find(
      r =>
        r.type === 'team' &&
        r.level === next.level &&
        r.position === next.position,
    );
    if (row?.type !== 'team') return;
    focusNext.current = undefined;
    body.current
      ?.querySelector<HTMLElement>(
        `[data-team="${CSS.escape(row.team.groupRef)}"] a`,
      )
      ?.focus();
  }, [rows]);
  const readMore = (parent: string, loaded: number) => {
    focusNext.current = { level: parent, position: loaded + 1 };
    more(parent);
  };

  const lastRow = (row: Exclude<TeamRow, { type: 'team' }>) => {
    const of = row.parent ? ` of ${row.parent}` : '';
    let content;
    if (row.type === 'loading') {
      content = <LinearProgress aria-label={`Loading the teams${of}`} />;
    } else if (row.type === 'error') {
      content = (
        <>
          <Typography variant="body2" color="error" component="span">
            The teams{of} could not be loaded: {errorMessage(row.error)}
          </Typography>{' '}
          <Button size="small" onClick={() => readMore(row.parent, 0)}>
            Try again
          </Button>
        </>
      );
    } else {
      // Kept while its page loads, so the keyboard stays on it meanwhile.
      const count = Math.min(TEAM_ROWS, row.total - row.loaded);
      content = (
        <Button
          size="small"
          aria-busy={row.loading}
          onClick={() => readMore(row.parent, row.loaded)}
        >
          {`Show ${count} more of ${row.total} teams${of}`}
        </Button>
      );
    }
    return (
      // One key for a level's last row, whatever it shows.
      <TableRow key={`after:${row.parent}`}>
        <TableCell colSpan={3} style={indent(row.depth)}>
          {content}
        </TableCell>
      </TableRow>
    );
  };

  const teamRow = (row: Extract<TeamRow, { type: 'team' }>) => {
    const { team, depth, expanded } = row;
    const selected = owner === team.groupRef;
    const subTeams = `${team.children} sub-team${
      team.children === 1 ? '' : 's'
    }`;
    return (
      <TableRow
        key={team.groupRef}
        selected={selected}
        data-team={team.groupRef}
      >
        <TableCell style={indent(depth)}>
          <span style={{ display: 'flex', alignItems: 'center' }}>
            {team.children > 0 ? (
              <IconButton
                size="small"
                aria-expanded={expanded}
                aria-label={`${expanded ? 'Collapse' : 'Expand'} ${
                  team.groupRef
                } (${subTeams})`}
                onClick={() => toggle(team.groupRef)}
              >
                {expanded ? <ExpandMoreIcon /> : <ChevronRightIcon />}
              </IconButton>
            ) : (
              <span style={{ width: BUTTON, flexShrink: 0 }} />
            )}
            <EntityRefLink entityRef={team.groupRef} />
            {depth > 0 && team.parent && (
              <span className={hidden}>, under {team.parent}</span>
            )}
          </span>
        </TableCell>
        <TableCell>
          <CampaignProgressBar
            counts={team}
            label={`${team.groupRef} in ${title}`}
          />
        </TableCell>
        <TableCell align="right">
          {team.done < team.total && (
            <Button
              size="small"
              aria-label={`${selected ? 'Show all' : 'Missing'} of ${
                team.groupRef
              }`}
              onClick={() => onOwner(selected ? undefined : team.groupRef)}
            >
              {selected ? 'Show all' : 'Missing'}
            </Button>
          )}
        </TableCell>
      </TableRow>
    );
  };

  return (
    <>
      <span role="status" className={hidden}>
        {announcement}
      </span>
      <Table size="small" aria-label={`Progress of ${title} by team`}>
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell>Progress</TableCell>
            <HiddenHeaderCell>Entities still missing</HiddenHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody ref={body}>
          {rows.map(row => (row.type === 'team' ? teamRow(row) : lastRow(row)))}
        </TableBody>
      </Table>
    </>
  );
}
