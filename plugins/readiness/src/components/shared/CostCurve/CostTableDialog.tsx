import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  COST_TABLE_LIMITS,
  CostTable,
  costTableInputSchema,
  EntityScorecard,
  formatUsers,
  parseCostNumber,
  SEED_COST_TIERS,
  StoredCostTable,
} from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { formatDateTime, isoDay } from '../../../lib/format';
import { useVersionedEdit, VersionedEditDialog } from '../VersionedEditDialog';

/** A line of the form, as typed. */
interface Row {
  users: string;
  monthlyCost: string;
}

interface Form {
  currency: string;
  date: string;
  assumptions: string;
  rows: Row[];
}

/** The form for a table, or for the seed's tiers with no costs yet. */
function formOf(table: CostTable | null | undefined): Form {
  if (!table) {
    return {
      currency: '',
      date: isoDay(new Date()),
      assumptions: '',
      rows: SEED_COST_TIERS.map(users => ({
        users: String(users),
        monthlyCost: '',
      })),
    };
  }
  return {
    currency: table.currency,
    date: table.date,
    assumptions: table.assumptions ?? '',
    rows: table.tiers.map(t => ({
      users: String(t.users),
      monthlyCost: String(t.monthlyCost),
    })),
  };
}

/** A cost as typed; a sign is read so that the schema can say costs are not negative. */
function signed(text: string) {
  const trimmed = text.trim();
  const cost = parseCostNumber(trimmed.replace(/^-/, ''));
  return cost !== undefined && trimmed.startsWith('-') ? -cost : cost;
}

/** The table stored now, as a 409 reported it. */
function CurrentTable(props: { table: StoredCostTable | null }) {
  const { table } = props;
  if (!table) {
    return (
      <Typography variant="body2">
        The portal cost table was removed; the entity now follows its
        annotation, if it has one.
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      Now {table.tiers.length} figures in {table.currency} as of {table.date},
      saved by {table.updatedBy} on {formatDateTime(table.updatedAt)} (version{' '}
      {table.version}).
    </Typography>
  );
}

/**
 * Edits an entity's cost table: currency, date, assumptions, and the
 * monthly cost at each number of users (the seed's tiers to start with).
 * Rows without a cost are left out. The same rules as answers: validated
 * with the backend's schema, the version seen is sent, a 409 shows the
 * newer table, and what was typed survives every error.
 */
export function CostTableDialog(props: {
  entityRef: string;
  /** The portal table, whose version the write is based on. */
  stored: StoredCostTable | null;
  /** What to start from without a portal table (the annotation's). */
  initial?: CostTable;
  onClose: () => void;
  onSaved: (scorecard: EntityScorecard | undefined) => void;
  onConflict?: () => void;
}) {
  const { entityRef, stored, onClose, onSaved, onConflict } = props;
  const api = useApi(readinessApiRef);
  const [form, setForm] = useState<Form>(() => formOf(stored ?? props.initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = (change: Partial<Form>) => {
    setForm(current => ({ ...current, ...change }));
    setErrors({});
  };
  const setRow = (index: number, change: Partial<Row>) =>
    update({
      rows: form.rows.map((row, i) =>
        i === index ? { ...row, ...change } : row,
      ),
    });

  const edit = useVersionedEdit<StoredCostTable>({
    initialVersion: () => stored?.version ?? 0,
    prepare: baseVersion => {
      // Rows with no cost are left out; `kept` maps tiers back to rows.
      const kept = form.rows.flatMap((row, i) =>
        row.monthlyCost.trim() ? [i] : [],
      );
      const found: Record<string, string> = {};
      // Read as the annotation reads them: a blank number would read as 0
      // users (the idle cost), a decimal comma as a figure 100 times larger.
      const tiers = kept.map(i => ({
        users: parseCostNumber(form.rows[i].users, { whole: true }),
        monthlyCost: signed(form.rows[i].monthlyCost),
      }));
      kept.forEach((i, k) => {
        if (!form.rows[i].users.trim()) {
          found[`rows.${i}.users`] =
            'Enter the number of users this cost is for';
        } else if (tiers[k].users === undefined) {
          found[`rows.${i}.users`] =
            'Enter a whole number of users, such as 1000 or 1,000';
        }
        if (tiers[k].monthlyCost === undefined) {
          found[`rows.${i}.monthlyCost`] =
            'Enter the cost as a number, such as 1,300 or 450.50 (a comma groups thousands)';
        }
      });
      if (Object.keys(found).length) {
        setErrors(found);
        return undefined;
      }
      const parsed = costTableInputSchema.safeParse({
        currency: form.currency.trim().toUpperCase(),
        date: form.date,
        assumptions: form.assumptions.trim() || undefined,
        tiers,
        version: baseVersion,
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const [field, index, part] = issue.path;
          const key =
            field === 'tiers' && typeof index === 'number'
              ? `rows.${kept[index]}.${String(part ?? 'users')}`
              : String(field ?? 'form');
          found[key] ??= issue.message;
        }
        setErrors(found);
        return undefined;
      }
      setErrors({});
      return () => api.putCostTable(entityRef, parsed.data);
    },
    startFrom: current => {
      setForm(formOf(current));
      setErrors({});
    },
    onSaved,
    onConflict,
  });

  return (
    <VersionedEditDialog
      titleId="cost-table-dialog-title"
      title="Edit the cost table"
      formLabel="Cost table"
      edit={edit}
      onClose={onClose}
      intro={
        <Typography variant="body2" color="textSecondary" paragraph>
          What the service costs per month at each number of users,
          infrastructure, support and people included. Rows without a cost are
          left out; the cost checks are met when{' '}
          {SEED_COST_TIERS.map(formatUsers).join(', ')} users all have one.
        </Typography>
      }
      conflict={{
        title: 'Someone else changed the cost table',
        describe: current => <CurrentTable table={current} />,
        applyLabel: 'Apply my table on top',
        startFromTheirsLabel: 'Start from theirs',
      }}
      failureTitle="The cost table was not saved"
      saveLabel="Save cost table"
    >
      <Box display="flex" style={{ gap: 16 }} mt={1}>
        <TextField
          id="cost-currency"
          label="Currency"
          value={form.currency}
          onChange={e => update({ currency: e.target.value })}
          error={Boolean(errors.currency)}
          helperText={errors.currency ?? 'ISO code, e.g. EUR'}
          inputProps={{ maxLength: 3 }}
        />
        <TextField
          id="cost-date"
          label="As of"
          type="date"
          value={form.date}
          onChange={e => update({ date: e.target.value })}
          error={Boolean(errors.date)}
          helperText={errors.date ?? 'When the figures were estimated'}
          InputLabelProps={{ shrink: true }}
        />
      </Box>
      <Box mt={2}>
        <TextField
          id="cost-assumptions"
          label="Assumptions"
          value={form.assumptions}
          onChange={e => update({ assumptions: e.target.value })}
          error={Boolean(errors.assumptions)}
          helperText={
            errors.assumptions ??
            'What the figures include, and how support and people costs grow'
          }
          multiline
          minRows={2}
          fullWidth
          inputProps={{ maxLength: COST_TABLE_LIMITS.assumptionsLength }}
        />
      </Box>
      <Box mt={2} component="fieldset" border={0} p={0}>
        <Typography component="legend" variant="subtitle2">
          Monthly cost by number of users
        </Typography>
        {form.rows.map((row, i) => (
          <Box
            key={i}
            display="flex"
            alignItems="flex-start"
            style={{ gap: 16 }}
            mt={1}
          >
            <TextField
              id={`cost-users-${i}`}
              label={`Users, row ${i + 1}`}
              value={row.users}
              onChange={e => setRow(i, { users: e.target.value })}
              error={Boolean(errors[`rows.${i}.users`])}
              helperText={errors[`rows.${i}.users`]}
              inputProps={{ inputMode: 'numeric' }}
            />
            <TextField
              id={`cost-monthly-${i}`}
              label={`Monthly cost, row ${i + 1}`}
              value={row.monthlyCost}
              onChange={e => setRow(i, { monthlyCost: e.target.value })}
              error={Boolean(errors[`rows.${i}.monthlyCost`])}
              helperText={errors[`rows.${i}.monthlyCost`]}
              inputProps={{ inputMode: 'decimal' }}
            />
            <IconButton
              aria-label={`Remove row ${i + 1}`}
              onClick={() =>
                update({ rows: form.rows.filter((_, j) => j !== i) })
              }
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        ))}
        {(errors.tiers || errors.form) && (
          <Typography color="error" variant="body2" role="alert">
            {errors.tiers ?? errors.form}
          </Typography>
        )}
        <Button
          size="small"
          onClick={() =>
            update({ rows: [...form.rows, { users: '', monthlyCost: '' }] })
          }
          disabled={form.rows.length >= COST_TABLE_LIMITS.tiers}
        >
          Add a number of users
        </Button>
      </Box>
    </VersionedEditDialog>
  );
}
