import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, WarningPanel } from '@backstage/core-components';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import EditIcon from '@material-ui/icons/Edit';
import UndoIcon from '@material-ui/icons/Undo';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import {
  EntityScorecard,
  ReadinessModel,
  RoleProblem,
  RoleResult,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { ownPortalAssignment, portalRoleVersion } from '../../../lib/checks';
import { conflictOf } from '../../../lib/errors';
import {
  ROLE_PROBLEM_LABELS,
  ROLE_SOURCE_LABELS,
} from '../../../lib/presentation';
import { useSuccessNotice } from '../../../hooks/useSuccessNotice';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { RoleHoldersDialog } from '../RoleHoldersDialog';
import { ToneChip } from '../../shared/StatusChip';

const useStyles = makeStyles(theme => ({
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  title: { fontWeight: theme.typography.fontWeightMedium as number },
  actions: { whiteSpace: 'nowrap', textAlign: 'right' },
}));

function shortRef(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}

/** One problem of a role as a chip: what is wrong, and with whom. */
function RoleProblemChip(props: { problem: RoleProblem }) {
  const { problem } = props;
  const label = ROLE_PROBLEM_LABELS[problem.type];
  return (
    <ToneChip
      tone={problem.type === 'unassigned' ? 'error' : 'warning'}
      icon={<ErrorOutlineIcon />}
      label={problem.holder ? `${label}: ${shortRef(problem.holder)}` : label}
      title={problem.message}
    />
  );
}

/**
 * The Minimum Viable Organisation roles of an entity: every role with its
 * holders, whether it is required, where the assignment comes from, and
 * what is wrong with it. Users allowed by the permission framework assign
 * holders here.
 */
export function RolesCard(props: {
  entityRef: string;
  model: ReadinessModel;
  scorecard: EntityScorecard;
  canAssign: boolean;
  onChanged: (scorecard: EntityScorecard | undefined) => void;
  onStale: () => void;
}) {
  const { entityRef, model, scorecard, canAssign, onChanged, onStale } = props;
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const notify = useSuccessNotice();
  const [editing, setEditing] = useState<string>();
  const [removing, setRemoving] = useState<string>();
  const definitions = new Map(model.roles.map(r => [r.id, r]));
  const roles = scorecard.roles.filter(r => definitions.has(r.roleId));
  const editingRole = roles.find(r => r.roleId === editing);
  // Once the portal assignment is gone (removed by someone else), there is
  // nothing left to remove.
  const removingRole = roles.find(
    r => r.roleId === removing && ownPortalAssignment(r),
  );

  const row = (role: RoleResult) => {
    const definition = definitions.get(role.roleId)!;
    return (
      <TableRow key={role.roleId} data-testid={`role-row-${role.roleId}`}>
        <TableCell>
          <Typography variant="body2" className={classes.title}>
            {definition.title}
          </Typography>
          {/* Shown, not in a tooltip: a keyboard or touch user reads it too. */}
          <Typography variant="caption" color="textSecondary" component="div">
            {definition.responsibility}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {role.required ? 'Required' : 'Optional'}
          </Typography>
        </TableCell>
        <TableCell>
          {role.holders.length ? (
            <EntityRefLinks entityRefs={role.holders} />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No holder
            </Typography>
          )}
          {role.conflict && (
            <Box mt={0.5}>
              <ToneChip
                tone="warning"
                label="Conflict"
                icon={<ErrorOutlineIcon />}
                title={`The annotation names ${role.conflict.annotation.join(
                  ', ',
                )}; the portal names ${role.conflict.portal.join(', ')}`}
              />
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                Annotation names{' '}
                {role.conflict.annotation.map(shortRef).join(', ')}
              </Typography>
            </Box>
          )}
        </TableCell>
        <TableCell>
          <Typography variant="body2">
            {ROLE_SOURCE_LABELS[role.source]}
          </Typography>
          {role.inheritedFrom && (
            <Typography variant="caption" color="textSecondary">
              from <EntityRefLink entityRef={role.inheritedFrom} />
            </Typography>
          )}
        </TableCell>
        <TableCell>
          <div className={classes.chips}>
            {role.problems.length ? (
              role.problems.map((problem, i) => (
                <RoleProblemChip key={i} problem={problem} />
              ))
            ) : (
              <ToneChip
                tone="ok"
                label="Healthy"
                icon={<CheckCircleOutlineIcon />}
              />
            )}
          </div>
        </TableCell>
        {canAssign && (
          <TableCell className={classes.actions}>
            <Tooltip title="Assign holders">
              <IconButton
                size="small"
                aria-label={`Assign holders of ${definition.title}`}
                onClick={() => setEditing(role.roleId)}
              >
                <EditIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            {ownPortalAssignment(role) && (
              <Tooltip title="Remove the portal assignment">
                <IconButton
                  size="small"
                  aria-label={`Remove the portal assignment of ${definition.title}`}
                  onClick={() => setRemoving(role.roleId)}
                >
                  <UndoIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
          </TableCell>
        )}
      </TableRow>
    );
  };

  const problemCount = scorecard.roleProblems;
  return (
    <InfoCard
      title="Minimum Viable Organisation roles"
      subheader={
        problemCount
          ? `${problemCount} role problem${problemCount === 1 ? '' : 's'}`
          : 'Every role is healthy'
      }
      noPadding
    >
      {scorecard.roleHealth.map((problem, i) => (
        <Box key={i} px={2} pt={2}>
          <WarningPanel
            title={ROLE_PROBLEM_LABELS[problem.type]}
            message={
              problem.holder ? (
                <>
                  <EntityRefLink entityRef={problem.holder} /> holds every
                  required role. Spread the roles so that one absence does not
                  stop the service.
                </>
              ) : (
                problem.message
              )
            }
          />
        </Box>
      ))}
      <Table size="small" aria-label="Roles and holders">
        <TableHead>
          <TableRow>
            <TableCell>Role</TableCell>
            <TableCell>Holders</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>Health</TableCell>
            {canAssign && (
              <TableCell className={classes.actions}>Actions</TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>{roles.map(row)}</TableBody>
      </Table>
      {!canAssign && (
        <Box px={2} py={1.5}>
          <Typography variant="caption" color="textSecondary">
            Only the owners of this entity can assign role holders.
          </Typography>
        </Box>
      )}
      {editingRole && (
        <RoleHoldersDialog
          entityRef={entityRef}
          role={editingRole}
          definition={definitions.get(editingRole.roleId)!}
          onClose={() => setEditing(undefined)}
          onSaved={updated => {
            notify(
              `Saved the holders of ${
                definitions.get(editingRole.roleId)!.title
              }`,
            );
            setEditing(undefined);
            onChanged(updated);
          }}
          onConflict={onStale}
        />
      )}
      {removingRole && (
        <ConfirmDialog
          title={`Remove the portal assignment of ${
            definitions.get(removingRole.roleId)!.title
          }?`}
          confirmLabel="Remove"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            try {
              const response = await api.deleteRole(
                entityRef,
                removingRole.roleId,
                portalRoleVersion(removingRole),
              );
              setRemoving(undefined);
              onChanged(response.scorecard);
              notify(
                `Removed the portal assignment of ${
                  definitions.get(removingRole.roleId)!.title
                }`,
              );
            } catch (error) {
              // Changed by someone else: reload, so the next try removes
              // the assignment now stored (at its version); the dialog
              // shows the error meanwhile.
              if (conflictOf(error)) onStale();
              throw error;
            }
          }}
        >
          The role goes back to the holders named in the entity's annotation, or
          the System's, if there are any.
        </ConfirmDialog>
      )}
    </InfoCard>
  );
}
