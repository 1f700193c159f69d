import { useState } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityScorecard,
  EXEMPTION_REASONS,
  ExemptionReason,
  ReadinessExemption,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { CheckRowData } from '../../../lib/checks';
import { formatDay } from '../../../lib/format';
import {
  useVersionedEdit,
  VersionedEditDialog,
} from '../../shared/VersionedEditDialog';
import { dayFrom, EXEMPTION_REASON_LABELS } from './exemptionWords';

/**
 * Asks for an exemption of a failing check: a reason code and text, and an
 * end date no later than `maxDays` ahead. A 409 (the check already has a
 * pending or approved exemption) shows the one stored and calls
 * `onConflict`, so the page shows it too; keeping it closes the dialog.
 */
export function RequestExemptionDialog(props: {
  entityRef: string;
  row: CheckRowData;
  maxDays: number;
  now: Date;
  onClose: () => void;
  onSaved: (scorecard: EntityScorecard | undefined) => void;
  onConflict: () => void;
}) {
  const { entityRef, row, maxDays, now, onClose, onSaved, onConflict } = props;
  const api = useApi(readinessApiRef);
  const [reasonCode, setReasonCode] = useState<ExemptionReason>(
    'planned-remediation',
  );
  const [reasonText, setReasonText] = useState('');
  const [endsOn, setEndsOn] = useState(dayFrom(now, Math.min(90, maxDays)));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const earliest = dayFrom(now, 1);
  const latest = dayFrom(now, maxDays);

  const edit = useVersionedEdit<ReadinessExemption>({
    initialVersion: () => 0,
    prepare: () => {
      const found: Record<string, string> = {};
      if (!reasonText.trim()) found.reasonText = 'Say why the check is waived';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(endsOn) || endsOn < earliest) {
        found.endsOn = `Pick a day from ${earliest}`;
      } else if (endsOn > latest) {
        found.endsOn = `At most ${maxDays} days ahead: ${latest} or earlier`;
      }
      setProblems(found);
      if (Object.keys(found).length) return undefined;
      return () =>
        api.requestExemption(entityRef, {
          checkId: row.definition.id,
          reasonCode,
          reasonText: reasonText.trim(),
          endsOn,
        });
    },
    // "Keep the existing one": nothing left to ask for.
    startFrom: onClose,
    onSaved,
    onConflict,
  });

  return (
    <VersionedEditDialog
      titleId="readiness-exemption-title"
      title={`Request an exemption of ${row.definition.title}`}
      formLabel={`Request an exemption of ${row.definition.title}`}
      edit={edit}
      onClose={onClose}
      intro={
        <Typography variant="body2" paragraph>
          An exemption waives a check that applies but cannot be met yet. Until
          someone holding a responsible role (or an approver your portal names)
          approves it, the check counts as failing; once approved it is exempt
          until the end date and then counts again. If the check does not apply
          to this entity at all, answer it as not applicable instead.
        </Typography>
      }
      conflict={{
        title: 'This check already has an exemption',
        describe: current =>
          current
            ? `${
                current.status === 'pending' ? 'Pending' : 'Approved'
              } until ${formatDay(current.endsOn)}, requested by ${
                current.requestedBy
              }.`
            : 'Reload to see it.',
        // Asking again meets the same exemption: no "try again".
        startFromTheirsLabel: 'Keep the existing one',
      }}
      failureTitle="The exemption could not be requested"
      saveLabel="Request exemption"
    >
      <TextField
        select
        id="readiness-exemption-reason"
        fullWidth
        margin="normal"
        label="Reason"
        value={reasonCode}
        onChange={e => setReasonCode(e.target.value as ExemptionReason)}
      >
        {EXEMPTION_REASONS.map(code => (
          <MenuItem key={code} value={code}>
            {EXEMPTION_REASON_LABELS[code]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="readiness-exemption-text"
        fullWidth
        multiline
        minRows={2}
        margin="normal"
        label="Why, and what happens before the end date"
        required
        value={reasonText}
        onChange={e => setReasonText(e.target.value)}
        error={Boolean(problems.reasonText)}
        helperText={problems.reasonText}
        inputProps={{ maxLength: 2000 }}
      />
      <TextField
        id="readiness-exemption-ends-on"
        fullWidth
        margin="normal"
        type="date"
        label="Ends on"
        required
        value={endsOn}
        onChange={e => setEndsOn(e.target.value)}
        error={Boolean(problems.endsOn)}
        helperText={
          problems.endsOn ??
          `The check counts again from this day; at most ${maxDays} days ahead.`
        }
        InputLabelProps={{ shrink: true }}
        inputProps={{ min: earliest, max: latest }}
      />
    </VersionedEditDialog>
  );
}
