import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Link, MarkdownContent } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  EntityScorecard,
  NOT_APPLICABLE_REASONS,
  StoredAnswer,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import {
  AnswerDraft,
  AnswerFieldErrors,
  draftFromAnswer,
  validateAnswerDraft,
} from '../../../lib/answerForm';
import {
  CheckRowData,
  portalAnswerOf,
  portalAnswerVersion,
} from '../../../lib/checks';
import { formatDateTime } from '../../../lib/format';
import {
  ANSWER_STATUSES,
  NOT_APPLICABLE_REASON_LABELS,
  STATUS_PRESENTATION,
} from '../../../lib/presentation';
import { StatusChip } from '../../shared/StatusChip';
import {
  useVersionedEdit,
  VersionedEditDialog,
} from '../../shared/VersionedEditDialog';

const useStyles = makeStyles(theme => ({
  question: { fontWeight: theme.typography.fontWeightMedium as number },
  guidance: {
    color: theme.palette.text.secondary,
    marginBottom: theme.spacing(2),
    '& p': { margin: 0 },
  },
  field: { marginTop: theme.spacing(2) },
  current: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));

/** The answer stored now, as a 409 reported it. */
function CurrentAnswer(props: { answer: StoredAnswer | null }) {
  const classes = useStyles();
  const { answer } = props;
  if (!answer) {
    return (
      <Typography variant="body2">
        The portal answer was removed; the check now follows its annotation or
        is unanswered.
      </Typography>
    );
  }
  return (
    <div className={classes.current}>
      <StatusChip status={answer.status} />
      <Typography variant="body2" component="span">
        by <EntityRefLink entityRef={answer.answeredBy} hideIcon /> on{' '}
        {formatDateTime(answer.answeredAt)} (version {answer.version})
      </Typography>
      {answer.evidenceUrl && (
        <Link to={answer.evidenceUrl}>{answer.evidenceUrl}</Link>
      )}
      {answer.note && (
        <Typography variant="body2" component="span">
          “{answer.note}”
        </Typography>
      )}
    </div>
  );
}

/**
 * Answers one check: status, not-applicable reason and explanation, evidence
 * URL and note. Validates with the backend's schema; on a 409 it shows the
 * newer answer and lets the user apply their edit on top of it. What the
 * user typed survives every error.
 */
export function AnswerDialog(props: {
  entityRef: string;
  row: CheckRowData;
  onClose: () => void;
  onSaved: (scorecard: EntityScorecard | undefined) => void;
  /** Called after a 409, so the page behind the dialog can show the newer answer too. */
  onConflict?: () => void;
}) {
  const { entityRef, row, onClose, onSaved, onConflict } = props;
  const { result, definition } = row;
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const [draft, setDraft] = useState<AnswerDraft>(() =>
    draftFromAnswer(portalAnswerOf(result) ?? result.answer),
  );
  const [errors, setErrors] = useState<AnswerFieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const edit = useVersionedEdit<StoredAnswer>({
    initialVersion: () => portalAnswerVersion(result),
    prepare: baseVersion => {
      setSubmitted(true);
      const validation = validateAnswerDraft(draft, baseVersion);
      if (validation.errors) {
        setErrors(validation.errors);
        return undefined;
      }
      setErrors({});
      return () => api.putAnswer(entityRef, definition.id, validation.input);
    },
    startFrom: current => setDraft(draftFromAnswer(current)),
    onSaved,
    onConflict,
  });

  const fieldId = (name: string) => `answer-${definition.id}-${name}`;

  const update = (patch: Partial<AnswerDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    // Once the user tried to save, keep the messages in step with the fields.
    if (submitted)
      setErrors(validateAnswerDraft(next, edit.version).errors ?? {});
  };

  const notApplicable = draft.status === 'not-applicable';
  return (
    <VersionedEditDialog
      titleId={`answer-dialog-title-${definition.id}`}
      title={`Answer: ${definition.title}`}
      formLabel={`Answer ${definition.title}`}
      edit={edit}
      onClose={onClose}
      intro={
        <>
          <Typography className={classes.question}>
            {definition.question}
          </Typography>
          <Box className={classes.guidance}>
            <MarkdownContent content={definition.guidance} />
          </Box>
        </>
      }
      conflict={{
        title: 'Someone else changed this answer',
        describe: current => (
          <>
            <CurrentAnswer answer={current} />
            <Typography variant="body2" style={{ marginTop: 8 }}>
              Your edit is still below. Save it over the newer answer, or start
              again from the newer answer.
            </Typography>
          </>
        ),
        applyLabel: 'Apply my edit on top',
        startFromTheirsLabel: 'Start from their answer',
      }}
      failureTitle="The answer was not saved"
      saveLabel="Save answer"
    >
      <FormControl
        component="fieldset"
        className={classes.field}
        error={Boolean(errors.status)}
        required
      >
        <FormLabel component="legend">Status</FormLabel>
        <RadioGroup
          row
          aria-label="Status"
          aria-invalid={Boolean(errors.status)}
          aria-describedby={errors.status ? fieldId('status-error') : undefined}
          name={fieldId('status')}
          value={draft.status}
          onChange={event =>
            update({ status: event.target.value as AnswerDraft['status'] })
          }
        >
          {ANSWER_STATUSES.map(status => (
            <FormControlLabel
              key={status}
              value={status}
              control={<Radio />}
              label={STATUS_PRESENTATION[status].label}
            />
          ))}
        </RadioGroup>
        {errors.status && (
          <FormHelperText id={fieldId('status-error')}>
            {errors.status}
          </FormHelperText>
        )}
      </FormControl>

      {notApplicable && (
        <>
          <TextField
            id={fieldId('reason')}
            select
            fullWidth
            required
            variant="outlined"
            margin="dense"
            className={classes.field}
            label="Reason it does not apply"
            value={draft.notApplicableReason}
            onChange={event =>
              update({
                notApplicableReason: event.target
                  .value as AnswerDraft['notApplicableReason'],
              })
            }
            error={Boolean(errors.notApplicableReason)}
            helperText={errors.notApplicableReason}
          >
            {NOT_APPLICABLE_REASONS.map(reason => (
              <MenuItem key={reason} value={reason}>
                {NOT_APPLICABLE_REASON_LABELS[reason]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            id={fieldId('na-text')}
            fullWidth
            required
            multiline
            minRows={2}
            variant="outlined"
            margin="dense"
            label="Why it does not apply"
            value={draft.notApplicableText}
            onChange={event =>
              update({ notApplicableText: event.target.value })
            }
            error={Boolean(errors.notApplicableText)}
            helperText={errors.notApplicableText}
          />
        </>
      )}

      <TextField
        id={fieldId('evidence')}
        fullWidth
        type="url"
        variant="outlined"
        margin="dense"
        className={classes.field}
        label="Evidence URL"
        placeholder="https://"
        value={draft.evidenceUrl}
        onChange={event => update({ evidenceUrl: event.target.value })}
        error={Boolean(errors.evidenceUrl)}
        helperText={
          errors.evidenceUrl ??
          'A link to the proof: a report, a dashboard, a decision record'
        }
      />
      <TextField
        id={fieldId('note')}
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        margin="dense"
        label="Note"
        value={draft.note}
        onChange={event => update({ note: event.target.value })}
        error={Boolean(errors.note)}
        helperText={errors.note}
      />
      {definition.expiresAfterDays !== undefined && (
        <Typography variant="caption" color="textSecondary">
          Answers to this check expire {definition.expiresAfterDays} days after
          they are given.
        </Typography>
      )}
    </VersionedEditDialog>
  );
}
