import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  EntityScorecard,
  ReadinessRole,
  RoleResult,
  roleInputSchema,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../api/ReadinessApi';
import { portalRoleVersion } from '../../lib/checks';
import { conflictOf, errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { CatalogRefPicker } from '../CatalogRefPicker';

/** The assignment stored now, as a 409 reported it. */
function CurrentAssignment(props: { assignment: StoredRoleAssignment | null }) {
  const { assignment } = props;
  if (!assignment) {
    return (
      <Typography variant="body2">
        The portal assignment was removed; the role now follows its annotation
        or the System.
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="div">
      Now held by <EntityRefLinks entityRefs={assignment.holders} hideIcons />,
      assigned by {assignment.assignedBy} on{' '}
      {formatDateTime(assignment.assignedAt)} (version {assignment.version}).
    </Typography>
  );
}

/**
 * Assigns the holders of one role with a catalog user and group picker.
 * Same rules as answers: the version seen is sent, a 409 shows the newer
 * assignment, and the selection survives every error (a 400 names unknown
 * holders).
 */
export function RoleHoldersDialog(props: {
  entityRef: string;
  role: RoleResult;
  definition: ReadinessRole;
  onClose: () => void;
  onSaved: (scorecard: EntityScorecard | undefined) => void;
  onConflict?: () => void;
}) {
  const { entityRef, role, definition, onClose, onSaved, onConflict } = props;
  const api = useApi(readinessApiRef);
  const [holders, setHolders] = useState<string[]>(() =>
    role.assignment?.source === 'portal'
      ? role.assignment.holders
      : role.holders,
  );
  const [version, setVersion] = useState(() => portalRoleVersion(role));
  const [fieldError, setFieldError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<{
    current: StoredRoleAssignment | null;
  }>();
  const titleId = `role-dialog-title-${definition.id}`;

  const save = async (baseVersion: number) => {
    if (holders.length === 0) {
      setFieldError(
        'Choose at least one holder, or remove the portal assignment instead',
      );
      return;
    }
    const parsed = roleInputSchema.safeParse({ holders, version: baseVersion });
    if (!parsed.success) {
      setFieldError(parsed.error.issues.map(i => i.message).join('; '));
      return;
    }
    setFieldError(undefined);
    setFailure(undefined);
    setSaving(true);
    try {
      const response = await api.putRole(entityRef, definition.id, parsed.data);
      onSaved(response.scorecard);
    } catch (error) {
      const conflicting = conflictOf<StoredRoleAssignment>(error);
      if (conflicting) {
        setConflict(conflicting);
        onConflict?.();
      } else {
        setFailure(errorMessage(error));
      }
      setSaving(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!conflict) save(version);
  };

  const applyOnTop = () => {
    const newVersion = conflict?.current?.version ?? 0;
    setVersion(newVersion);
    setConflict(undefined);
    save(newVersion);
  };

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={`Assign ${definition.title}`}
      >
        <DialogTitle id={titleId}>Assign: {definition.title}</DialogTitle>
        <DialogContent dividers>
          <Typography variant="body2" color="textSecondary" paragraph>
            {definition.responsibility}
          </Typography>
          {conflict && (
            <Alert severity="warning" role="alert">
              <AlertTitle>Someone else changed this role</AlertTitle>
              <CurrentAssignment assignment={conflict.current} />
              <Box mt={1} display="flex" style={{ gap: 8 }}>
                <Button
                  size="small"
                  variant="contained"
                  color="primary"
                  onClick={applyOnTop}
                  disabled={saving}
                >
                  Apply my selection on top
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setHolders(conflict.current?.holders ?? []);
                    setVersion(conflict.current?.version ?? 0);
                    setConflict(undefined);
                  }}
                  disabled={saving}
                >
                  Start from theirs
                </Button>
              </Box>
            </Alert>
          )}
          {failure && (
            <Alert severity="error" role="alert">
              <AlertTitle>The role was not saved</AlertTitle>
              {failure}
            </Alert>
          )}
          <Box mt={2}>
            <CatalogRefPicker
              id={`role-holders-${definition.id}`}
              label="Holders"
              kinds={['User', 'Group']}
              value={holders}
              onChange={refs => {
                setHolders(refs);
                setFieldError(undefined);
              }}
              placeholder="Search people and teams"
              error={Boolean(fieldError)}
              helperText={
                fieldError ??
                'People or teams; one person may hold several roles'
              }
            />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving || Boolean(conflict)}
            startIcon={saving ? <CircularProgress size={16} /> : undefined}
          >
            Save holders
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
