import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  EntityScorecard,
  ReadinessRole,
  RoleResult,
  roleInputSchema,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { ownPortalAssignment, portalRoleVersion } from '../../../lib/checks';
import { formatDateTime } from '../../../lib/format';
import { CatalogRefPicker } from '../../shared/CatalogRefPicker';
import {
  useVersionedEdit,
  VersionedEditDialog,
} from '../../shared/VersionedEditDialog';

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
  const [holders, setHolders] = useState<string[]>(
    () => ownPortalAssignment(role)?.holders ?? role.holders,
  );
  const [fieldError, setFieldError] = useState<string>();
  const edit = useVersionedEdit<StoredRoleAssignment>({
    initialVersion: () => portalRoleVersion(role),
    prepare: baseVersion => {
      if (holders.length === 0) {
        setFieldError(
          'Choose at least one holder, or remove the portal assignment instead',
        );
        return undefined;
      }
      const parsed = roleInputSchema.safeParse({
        holders,
        version: baseVersion,
      });
      if (!parsed.success) {
        setFieldError(parsed.error.issues.map(i => i.message).join('; '));
        return undefined;
      }
      setFieldError(undefined);
      return () => api.putRole(entityRef, definition.id, parsed.data);
    },
    startFrom: current => setHolders(current?.holders ?? []),
    onSaved,
    onConflict,
  });

  return (
    <VersionedEditDialog
      titleId={`role-dialog-title-${definition.id}`}
      title={`Assign: ${definition.title}`}
      formLabel={`Assign ${definition.title}`}
      edit={edit}
      onClose={onClose}
      intro={
        <Typography variant="body2" color="textSecondary" paragraph>
          {definition.responsibility}
        </Typography>
      }
      conflict={{
        title: 'Someone else changed this role',
        describe: current => <CurrentAssignment assignment={current} />,
        applyLabel: 'Apply my selection on top',
        startFromTheirsLabel: 'Start from theirs',
      }}
      failureTitle="The role was not saved"
      saveLabel="Save holders"
    >
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
            fieldError ?? 'People or teams; one person may hold several roles'
          }
        />
      </Box>
    </VersionedEditDialog>
  );
}
