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
import { HiddenHeaderCell } from '../../shared/ScreenReaderOnly';
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
  const { rows, toggle, more } = useCampaignTeams(campaignId);

  const otherRow = (row: Exclude<TeamRow, { type: 'team' }>) => {
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
          <Button size="small" onClick={() => more(row.parent)}>
            Try again
          </Button>
        </>
      );
    } else {
      content = (
        <Button size="small" onClick={() => more(row.parent)}>
          Show {Math.min(TEAM_ROWS, row.total - row.loaded)} more of {row.total}{' '}
          teams{of}
        </Button>
      );
    }
    return (
      <TableRow key={`${row.type}:${row.parent}`}>
        <TableCell colSpan={3} style={indent(row.depth)}>
          {content}
        </TableCell>
      </TableRow>
    );
  };

  return (
    <Table size="small" aria-label={`Progress of ${title} by team`}>
      <TableHead>
        <TableRow>
          <TableCell>Team</TableCell>
          <TableCell>Progress</TableCell>
          <HiddenHeaderCell>Entities still missing</HiddenHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => {
          if (row.type !== 'team') return otherRow(row);
          const { team, depth, expanded } = row;
          const selected = owner === team.groupRef;
          return (
            <TableRow key={team.groupRef} selected={selected}>
              <TableCell style={indent(depth)}>
                <span style={{ display: 'flex', alignItems: 'center' }}>
                  {team.children > 0 ? (
                    <IconButton
                      size="small"
                      aria-expanded={expanded}
                      aria-label={`${expanded ? 'Collapse' : 'Expand'} ${
                        team.groupRef
                      } (${team.children} sub-team${
                        team.children === 1 ? '' : 's'
                      })`}
                      onClick={() => toggle(team.groupRef)}
                    >
                      {expanded ? <ExpandMoreIcon /> : <ChevronRightIcon />}
                    </IconButton>
                  ) : (
                    <span style={{ width: BUTTON, flexShrink: 0 }} />
                  )}
                  <EntityRefLink entityRef={team.groupRef} />
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
                    onClick={() =>
                      onOwner(selected ? undefined : team.groupRef)
                    }
                  >
                    {selected ? 'Show all' : 'Missing'}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
