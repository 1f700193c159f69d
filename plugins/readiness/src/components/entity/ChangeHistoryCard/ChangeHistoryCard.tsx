import { ReactNode, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import EditIcon from '@material-ui/icons/Edit';
import UndoIcon from '@material-ui/icons/Undo';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import PeopleIcon from '@material-ui/icons/People';
import SettingsIcon from '@material-ui/icons/Settings';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import {
  CheckStatus,
  HISTORY_DEFAULT_LIMIT,
  HistoryEntry,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { formatDateTime, formatDay } from '../../../lib/format';
import { STATUS_PRESENTATION } from '../../../lib/presentation';

/** Changes shown before "Show all". */
const FIRST_CHANGES = 8;

function statusOf(value: unknown): string | undefined {
  const status = (value as { status?: CheckStatus } | null)?.status;
  return status && STATUS_PRESENTATION[status]
    ? STATUS_PRESENTATION[status].label
    : undefined;
}

function holdersOf(value: unknown): string[] {
  const holders = (value as { holders?: unknown } | null)?.holders;
  return Array.isArray(holders) ? holders.map(String) : [];
}

function Actor(props: { actor: string }) {
  return props.actor.includes(':') ? (
    <EntityRefLink entityRef={props.actor} hideIcon />
  ) : (
    <>{props.actor}</>
  );
}

/** `: 7 figures in EUR` of a stored cost table, or nothing. */
function costFiguresOf(value: unknown): string {
  const table = value as { tiers?: unknown[]; currency?: string } | null;
  return Array.isArray(table?.tiers)
    ? `: ${table!.tiers.length} figures in ${table!.currency}`
    : '';
}

/** One history entry in words, with an icon for its kind. */
function describe(
  entry: HistoryEntry,
  model: ReadinessModel,
): { icon: ReactNode; text: ReactNode } {
  const check = model.checks.find(c => c.id === entry.subjectId)?.title;
  const role = model.roles.find(r => r.id === entry.subjectId)?.title;
  const who = <Actor actor={entry.actor} />;
  const before = statusOf(entry.before);
  const after = statusOf(entry.after);
  if (entry.subject === 'role') {
    const name = role ?? entry.subjectId;
    if (entry.action === 'delete') {
      return {
        icon: <UndoIcon />,
        text: (
          <>
            {who} removed the portal assignment of <strong>{name}</strong>
          </>
        ),
      };
    }
    return {
      icon: <PeopleIcon />,
      text: (
        <>
          {who} {entry.action === 'import' ? 'imported' : 'assigned'}{' '}
          <strong>{name}</strong>:{' '}
          {holdersOf(entry.after).length ? (
            <EntityRefLinks entityRefs={holdersOf(entry.after)} hideIcons />
          ) : (
            'nobody'
          )}
        </>
      ),
    };
  }
  if (entry.subject === 'cost-table') {
    return {
      icon: <SettingsIcon />,
      text:
        entry.action === 'delete' ? (
          <>{who} removed the portal cost table</>
        ) : (
          <>
            {who} saved the cost table
            {costFiguresOf(entry.after)}
          </>
        ),
    };
  }
  const name = check ?? entry.subjectId;
  if (entry.subject === 'exemption') {
    const endsOn = (entry.after as { endsOn?: unknown } | null)?.endsOn;
    const until =
      typeof endsOn === 'string' ? ` until ${formatDay(endsOn)}` : '';
    const verb = {
      request: 'asked to exempt',
      approve: 'approved the exemption of',
      reject: 'rejected the exemption of',
      end: 'ended the exemption of',
      delete: 'deleted the exemption of',
      import: 'restored the exemption of',
    }[
      entry.action as
        | 'request'
        | 'approve'
        | 'reject'
        | 'end'
        | 'delete'
        | 'import'
    ];
    return {
      icon: <SettingsIcon />,
      text: (
        <>
          {who} {verb ?? 'changed the exemption of'} <strong>{name}</strong>
          {entry.action === 'request' || entry.action === 'approve'
            ? until
            : ''}
        </>
      ),
    };
  }
  if (entry.subject === 'result') {
    return {
      icon: entry.action === 'delete' ? <UndoIcon /> : <SettingsIcon />,
      text:
        entry.action === 'delete' ? (
          <>
            {who} deleted the pushed result for <strong>{name}</strong>
          </>
        ) : (
          <>
            {who} pushed an automatic result for <strong>{name}</strong>
            {after ? `: ${after}` : ''}
          </>
        ),
    };
  }
  switch (entry.action) {
    case 'delete':
      return {
        icon: <UndoIcon />,
        text: (
          <>
            {who} reverted the portal answer to <strong>{name}</strong>
          </>
        ),
      };
    case 'review':
      return {
        icon: <VerifiedUserIcon />,
        text: (
          <>
            {who} signed off <strong>{name}</strong>
          </>
        ),
      };
    case 'import':
      return {
        icon: <CloudUploadIcon />,
        text: (
          <>
            {who} imported the answer to <strong>{name}</strong>
            {after ? `: ${after}` : ''}
          </>
        ),
      };
    default:
      return {
        icon: <EditIcon />,
        text: (
          <>
            {who} answered <strong>{name}</strong>:{' '}
            {before && before !== after ? `${before} → ` : ''}
            {after}
          </>
        ),
      };
  }
}

/** The history holds the latest changes only: a full page may not be all. */
const showMoreLabel = (count: number) =>
  count >= HISTORY_DEFAULT_LIMIT
    ? `Show the latest ${count} changes`
    : `Show all ${count} changes`;

/** Answer and role changes of an entity, newest first. */
export function ChangeHistoryCard(props: {
  model: ReadinessModel;
  changes: HistoryEntry[];
}) {
  const { model, changes } = props;
  const [all, setAll] = useState(false);
  const shown = all ? changes : changes.slice(0, FIRST_CHANGES);
  return (
    <InfoCard
      title="Changes"
      subheader="Answers and role assignments made in the portal"
    >
      {changes.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No changes yet. Answers and role assignments made here, and their
          sign-offs, are listed with who made them and when.
        </Typography>
      ) : (
        <List dense aria-label="Readiness changes">
          {shown.map(entry => {
            const { icon, text } = describe(entry, model);
            return (
              <ListItem key={entry.id} disableGutters>
                <ListItemIcon>{icon}</ListItemIcon>
                <ListItemText
                  primary={text}
                  secondary={formatDateTime(entry.at)}
                />
              </ListItem>
            );
          })}
        </List>
      )}
      {changes.length > FIRST_CHANGES && (
        <Button size="small" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : showMoreLabel(changes.length)}
        </Button>
      )}
    </InfoCard>
  );
}
