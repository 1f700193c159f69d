import { ReactNode, useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  EntityScorecard,
  exemptionOpen,
  ListedExemption,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { CheckRowData, isFailing } from '../../../lib/checks';
import { conflictOf } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { SectionLabel } from '../../shared/SectionLabel';
import { StatusChip } from '../../shared/StatusChip';
import { RequestExemptionDialog } from './RequestExemptionDialog';
import { useEntityExemptions } from './EntityExemptions';
import { EXEMPTION_REASON_LABELS } from './exemptionWords';
import { useSuccessNotice } from '../../../hooks/useSuccessNotice';

/** What the check details need to show and change a check's exemption. */
export interface ExemptionContext {
  entityRef: string;
  /** The caller may answer the entity's checks, and so ask for exemptions. */
  canRequest: boolean;
  onChanged: (scorecard: EntityScorecard | undefined) => void;
}

type Decision = 'approve' | 'reject';

/** One exemption: its state, who asked and decided, why, until when. */
function ExemptionSummary(props: { exemption: ListedExemption }) {
  const { exemption } = props;
  return (
    <Typography variant="body2" component="div">
      {exemption.status === 'pending' ? (
        <strong>Exemption requested until {exemption.endsOn}</strong>
      ) : (
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <StatusChip status="exempt" />
          <strong>until {exemption.endsOn}</strong>
        </Box>
      )}
      <div>
        {EXEMPTION_REASON_LABELS[exemption.reasonCode]}: {exemption.reasonText}
      </div>
      <Typography variant="caption" component="div" color="textSecondary">
        Requested by{' '}
        <EntityRefLink entityRef={exemption.requestedBy} hideIcon /> on{' '}
        {formatDateTime(exemption.requestedAt)}
        {exemption.decidedBy && exemption.decidedAt && (
          <>
            ; approved by{' '}
            <EntityRefLink entityRef={exemption.decidedBy} hideIcon /> on{' '}
            {formatDateTime(exemption.decidedAt)}
          </>
        )}
        {exemption.status === 'pending' &&
          '. It counts as failing until someone holding a responsible role approves it.'}
      </Typography>
    </Typography>
  );
}

/** The labelled region a check's exemption is shown in. */
function ExemptionRegion(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={1} aria-label={`Exemption of ${props.title}`} role="region">
      <SectionLabel>Exemption</SectionLabel>
      {props.children}
    </Box>
  );
}

/**
 * A check's exemption in its details: the pending request or the approved
 * exemption with its end date; Approve and Reject for those who may decide
 * (never the requester); "Request exemption" for an owner of a failing
 * check that has none.
 */
export function ExemptionPanel(props: {
  row: CheckRowData;
  context: ExemptionContext;
  now?: Date;
}) {
  const { row, context } = props;
  const now = props.now ?? new Date();
  const api = useApi(readinessApiRef);
  const notify = useSuccessNotice();
  const [requesting, setRequesting] = useState(false);
  const [deciding, setDeciding] = useState<{
    exemption: ListedExemption;
    decision: Decision;
  }>();
  const listed = useEntityExemptions();
  const checkId = row.definition.id;
  const open = listed.value?.items.find(
    e => e.checkId === checkId && exemptionOpen(e, now.getTime()),
  );
  const changed = (scorecard: EntityScorecard | undefined, what: string) => {
    context.onChanged(scorecard);
    listed.retry();
    notify(what);
  };
  // A 409: someone else requested or decided first. Show what is stored now.
  const reload = () => {
    listed.retry();
    context.onChanged(undefined);
  };
  const decide = async (exemption: ListedExemption, decision: Decision) => {
    // After a reload, the version stored now.
    const current = listed.value?.items.find(e => e.id === exemption.id);
    try {
      const response = await api.decideExemption(
        context.entityRef,
        exemption.id,
        decision,
        { version: (current ?? exemption).version },
      );
      setDeciding(undefined);
      changed(
        response.scorecard,
        `${
          decision === 'approve' ? 'Approved' : 'Rejected'
        } the exemption of "${row.definition.title}"`,
      );
    } catch (error) {
      if (conflictOf(error)) reload();
      throw error;
    }
  };
  // Without the list the check's exemption is unknown: offer no request.
  const listError = listed.error;
  const canAsk =
    context.canRequest &&
    !listError &&
    !open &&
    row.result.status !== 'exempt' &&
    isFailing(row.result) &&
    row.result.status !== 'upcoming';

  if (listError && (row.result.status === 'exempt' || isFailing(row.result))) {
    return (
      <ExemptionRegion title={row.definition.title}>
        <ResponseErrorPanel
          title="The exemptions of this entity could not be read"
          error={listError}
        />
        <Button size="small" disabled={listed.loading} onClick={listed.retry}>
          Try again
        </Button>
      </ExemptionRegion>
    );
  }
  // A decision under way stays on screen, also once a reload shows the
  // exemption decided by someone else: its dialog says so.
  if (!open && !canAsk && !deciding) return null;
  return (
    <ExemptionRegion title={row.definition.title}>
      {open && <ExemptionSummary exemption={open} />}
      {open?.canDecide && (
        <Box mt={1} display="flex" style={{ gap: 8 }}>
          <Button
            size="small"
            variant="contained"
            color="primary"
            onClick={() =>
              setDeciding({ exemption: open, decision: 'approve' })
            }
          >
            Approve
          </Button>
          <Button
            size="small"
            variant="outlined"
            onClick={() => setDeciding({ exemption: open, decision: 'reject' })}
          >
            Reject
          </Button>
        </Box>
      )}
      {canAsk && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          disabled={listed.loading}
          onClick={() => setRequesting(true)}
        >
          Request exemption
        </Button>
      )}
      {requesting && (
        <RequestExemptionDialog
          entityRef={context.entityRef}
          row={row}
          maxDays={listed.value?.maxDays ?? 180}
          now={now}
          onClose={() => setRequesting(false)}
          onSaved={scorecard => {
            setRequesting(false);
            changed(
              scorecard,
              `Requested an exemption of "${row.definition.title}"`,
            );
          }}
          onConflict={reload}
        />
      )}
      {deciding && (
        <ConfirmDialog
          title={`${
            deciding.decision === 'approve' ? 'Approve' : 'Reject'
          } the exemption of ${row.definition.title}?`}
          confirmLabel={deciding.decision === 'approve' ? 'Approve' : 'Reject'}
          onClose={() => setDeciding(undefined)}
          onConfirm={() => decide(deciding.exemption, deciding.decision)}
        >
          {deciding.decision === 'approve'
            ? `The check will count as exempt until ${deciding.exemption.endsOn}: out of the score and blocking no level.`
            : 'The check keeps counting as failing.'}
        </ConfirmDialog>
      )}
    </ExemptionRegion>
  );
}
