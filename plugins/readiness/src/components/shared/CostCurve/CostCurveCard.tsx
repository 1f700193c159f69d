import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  costPerUser,
  EntityScorecard,
  StoredCostTable,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { conflictOf, errorMessage } from '../../../lib/errors';
import { formatDateTime, formatDay } from '../../../lib/format';
import { useSuccessNotice } from '../../../hooks/useSuccessNotice';
import { ConfirmDialog } from '../ConfirmDialog';
import { CostCurveChart } from './CostCurveChart';
import { CostTableDialog } from './CostTableDialog';
import { formatMoney } from './money';

/**
 * The entity's cost curve (the seed's Cost section) with where it comes
 * from and its assumptions; owners edit the table in a dialog.
 */
export function CostCurveCard(props: {
  entityRef: string;
  scorecard: EntityScorecard;
  canEdit: boolean;
  onChanged: (scorecard: EntityScorecard | undefined) => void;
  /** After a 409: reload what the page shows. */
  onStale?: () => void;
}) {
  const { entityRef, scorecard, canEdit, onChanged, onStale } = props;
  const api = useApi(readinessApiRef);
  const notify = useSuccessNotice();
  const table = scorecard.costTable;
  // The stored table (for its version) once the owner asks to edit.
  const [editing, setEditing] = useState<{ stored: StoredCostTable | null }>();
  // The stored table the owner is asked to confirm removing.
  const [removing, setRemoving] = useState<StoredCostTable>();
  const [opening, setOpening] = useState(false);
  const [failure, setFailure] = useState<string>();

  /** Reads the stored table (for its version), then opens what needs it. */
  const withStored =
    (open: (stored: StoredCostTable | null) => void) => async () => {
      setOpening(true);
      setFailure(undefined);
      try {
        open((await api.getCostTable(entityRef)).costTable);
      } catch (error) {
        setFailure(errorMessage(error));
      } finally {
        setOpening(false);
      }
    };
  const openEditor = withStored(stored => setEditing({ stored }));
  const openRemove = withStored(stored => {
    if (stored) setRemoving(stored);
    else onStale?.();
  });

  const perUser = table && costPerUser(table, 1000);
  return (
    <InfoCard
      title="Cost curve"
      subheader={
        table
          ? `${table.currency} per month, as of ${formatDay(
              table.date,
            )}, from ${
              table.source === 'portal'
                ? 'the portal'
                : 'the prodready.dev/cost annotation'
            }`
          : 'What the service costs with 0 to 1,000,000 users'
      }
      action={
        canEdit ? (
          <>
            {table?.source === 'portal' && (
              <Button
                onClick={openRemove}
                disabled={opening}
                aria-label="Remove the portal cost table"
              >
                Remove
              </Button>
            )}
            <Button
              color="primary"
              onClick={openEditor}
              disabled={opening}
              aria-label={table ? 'Edit the cost table' : undefined}
            >
              {table ? 'Edit' : 'Add cost table'}
            </Button>
          </>
        ) : undefined
      }
    >
      {failure && (
        <Alert severity="error" onClose={() => setFailure(undefined)}>
          {failure}
        </Alert>
      )}
      {table ? (
        <>
          <CostCurveChart table={table} />
          {perUser !== undefined && (
            <Typography variant="body2">
              {formatMoney(perUser, table.currency)} per user per month at 1,000
              users.
            </Typography>
          )}
          {table.assumptions && (
            <Typography variant="body2" color="textSecondary">
              Assumptions: {table.assumptions}
            </Typography>
          )}
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No cost table yet.{' '}
          {canEdit
            ? 'Add one, or write it in the prodready.dev/cost annotation, to answer the cost checks.'
            : 'Its owners can add one in the portal or in the prodready.dev/cost annotation.'}
        </Typography>
      )}
      {editing && (
        <CostTableDialog
          entityRef={entityRef}
          stored={editing.stored}
          initial={table}
          onClose={() => setEditing(undefined)}
          onSaved={scorecard_ => {
            notify('Saved the portal cost table');
            setEditing(undefined);
            onChanged(scorecard_);
          }}
          onConflict={onStale}
        />
      )}
      {removing && (
        <ConfirmDialog
          title="Remove the portal cost table?"
          confirmLabel="Remove"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            try {
              const { scorecard: changed } = await api.deleteCostTable(
                entityRef,
                removing.version,
              );
              setRemoving(undefined);
              onChanged(changed);
              notify('Removed the portal cost table');
            } catch (error) {
              const conflict = conflictOf<StoredCostTable>(error);
              if (conflict) {
                // Changed by someone else: reload the page, and ask about
                // the table stored now so the next try sends its version.
                onStale?.();
                if (!conflict.current) {
                  // Already removed: nothing left to confirm.
                  setRemoving(undefined);
                  return;
                }
                setRemoving(conflict.current);
              }
              throw error;
            }
          }}
        >
          The table saved by {removing.updatedBy} on{' '}
          {formatDateTime(removing.updatedAt)} goes; the cost checks go back to
          the prodready.dev/cost annotation, the System's table or unanswered.
          The history keeps it.
        </ConfirmDialog>
      )}
    </InfoCard>
  );
}
