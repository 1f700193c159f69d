import { useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  Campaign,
  CampaignFilter,
  CampaignInput,
  campaignInputSchema,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { useApi } from '@backstage/core-plugin-api';
import { readinessApiRef } from '../../../api/ReadinessApi';
import {
  useVersionedEdit,
  VersionedEditDialog,
} from '../../shared/VersionedEditDialog';
import { formatDay, isoDay } from '../../../lib/format';

const FILTER_FIELDS: {
  key: keyof CampaignFilter;
  label: string;
  help: string;
}[] = [
  { key: 'kinds', label: 'Kinds', help: 'e.g. component, resource' },
  {
    key: 'owners',
    label: 'Owners',
    help: 'groups; their sub-teams count too, e.g. group:default/payments',
  },
  { key: 'systems', label: 'Systems', help: 'e.g. system:default/payments' },
  { key: 'domains', label: 'Domains', help: 'e.g. domain:default/commerce' },
  { key: 'lifecycles', label: 'Lifecycles', help: 'e.g. production' },
  { key: 'tags', label: 'Tags', help: 'any of them, e.g. pci, personal-data' },
];

/** The fields whose problems the form shows below them. */
const SHOWN_FIELDS = new Set([
  'title',
  'startDate',
  'deadline',
  ...FILTER_FIELDS.map(f => `filter.${f.key}`),
]);

interface FormState {
  title: string;
  description: string;
  targetKind: 'level' | 'checks';
  level: string;
  checks: string[];
  filter: Record<keyof CampaignFilter, string>;
  startDate: string;
  deadline: string;
}

const listOf = (text: string) =>
  text
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

function formOf(campaign: Campaign | null, model: ReadinessModel): FormState {
  const filter = Object.fromEntries(
    FILTER_FIELDS.map(f => [f.key, (campaign?.filter[f.key] ?? []).join(', ')]),
  ) as FormState['filter'];
  return {
    title: campaign?.title ?? '',
    description: campaign?.description ?? '',
    targetKind: campaign?.target.checks ? 'checks' : 'level',
    level: campaign?.target.level ?? model.levels[0]?.id ?? '',
    checks: campaign?.target.checks ?? [],
    filter,
    startDate: campaign?.startDate ?? '',
    deadline: campaign?.deadline ?? '',
  };
}

function inputOf(form: FormState, version: number): CampaignInput {
  const filter: CampaignFilter = {};
  for (const f of FILTER_FIELDS) {
    const values = listOf(form.filter[f.key]);
    if (values.length) filter[f.key] = values;
  }
  return {
    title: form.title.trim(),
    ...(form.description.trim()
      ? { description: form.description.trim() }
      : {}),
    filter,
    target:
      form.targetKind === 'level'
        ? { level: form.level }
        : { checks: form.checks },
    ...(form.startDate ? { startDate: form.startDate } : {}),
    deadline: form.deadline,
    version,
  };
}

/**
 * The first problem of each field (`filter.owners`, `deadline`, ...) the
 * schema found: a value of a list names its list.
 */
function fieldErrorsOf(
  issues: { path: PropertyKey[]; message: string }[],
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const issue of issues) {
    const [field, key] = issue.path.map(String);
    const name = field === 'filter' && key ? `filter.${key}` : field ?? 'form';
    found[name] ??= issue.message;
  }
  return found;
}

/**
 * Creates a campaign, or edits one from the portal: title, which entities
 * (a filter), the target (a level or checks) and the deadline. A stale
 * version shows what is stored now, as for answers.
 */
export function CampaignDialog(props: {
  model: ReadinessModel;
  /** The campaign to edit; none to create one. */
  campaign?: Campaign;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { model, campaign, onClose, onSaved } = props;
  const api = useApi(readinessApiRef);
  const [form, setForm] = useState(() => formOf(campaign ?? null, model));
  const [invalid, setInvalid] = useState<string>();
  // The server's own rules, on the field they are about.
  const [errors, setErrors] = useState<Record<string, string>>({});
  const edit = useVersionedEdit<Campaign>({
    initialVersion: () => campaign?.version ?? 0,
    prepare: version => {
      setErrors({});
      if (!form.title.trim())
        return void setInvalid('Give the campaign a title.');
      if (!form.deadline) return void setInvalid('Choose a deadline.');
      if (form.targetKind === 'checks' && !form.checks.length) {
        return void setInvalid('Choose at least one check.');
      }
      const parsed = campaignInputSchema.safeParse(inputOf(form, version));
      if (!parsed.success) {
        const found = fieldErrorsOf(parsed.error.issues);
        setErrors(found);
        // Those of fields the form does not show go in the alert.
        const unshown = Object.entries(found)
          .filter(([field]) => !SHOWN_FIELDS.has(field))
          .map(([field, message]) => `${field}: ${message}`);
        return void setInvalid(
          unshown.length
            ? unshown.join('; ')
            : 'Some fields are not right yet: see the messages below them.',
        );
      }
      // Left empty, the start is the one kept (an edit) or today (UTC).
      const start =
        parsed.data.startDate ?? campaign?.startDate ?? isoDay(new Date());
      if (parsed.data.deadline < start) {
        setErrors({
          deadline: `must not be before the start date, ${formatDay(start)}`,
        });
        return void setInvalid(
          'Some fields are not right yet: see the messages below them.',
        );
      }
      setInvalid(undefined);
      const input = parsed.data;
      return async () => {
        if (campaign) await api.updateCampaign(campaign.id, input);
        else await api.createCampaign(input);
        return {};
      };
    },
    startFrom: current => current && setForm(formOf(current, model)),
    onSaved,
  });
  const set = (patch: Partial<FormState>) => setForm(f => ({ ...f, ...patch }));
  const titleId = 'campaign-dialog-title';

  return (
    <VersionedEditDialog
      titleId={titleId}
      title={campaign ? `Edit ${campaign.title}` : 'New campaign'}
      formLabel="Campaign"
      edit={edit}
      onClose={onClose}
      intro={
        <Typography variant="body2" color="textSecondary" paragraph>
          Ask a set of entities to reach a level, or to meet some checks, by a
          deadline. Their owners are notified when it starts, before the
          deadline and when it is overdue.
        </Typography>
      }
      conflict={{
        title: 'Someone else changed this campaign',
        describe: current =>
          current
            ? `It is now "${current.title}", due ${formatDay(
                current.deadline,
              )}.`
            : 'It has been deleted.',
        applyLabel: 'Save mine over it',
        startFromTheirsLabel: 'Start from theirs',
      }}
      failureTitle="The campaign was not saved"
      saveLabel={campaign ? 'Save' : 'Create campaign'}
    >
      {invalid && (
        <Typography color="error" role="alert" paragraph>
          {invalid}
        </Typography>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <TextField
            id="campaign-title"
            label="Title"
            required
            fullWidth
            value={form.title}
            onChange={e => set({ title: e.target.value })}
            inputProps={{ maxLength: 120 }}
            error={Boolean(errors.title)}
            helperText={errors.title}
          />
        </Grid>
        <Grid item xs={12}>
          <TextField
            id="campaign-description"
            label="Description"
            fullWidth
            multiline
            minRows={2}
            value={form.description}
            onChange={e => set({ description: e.target.value })}
            inputProps={{ maxLength: 2000 }}
          />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="subtitle2">Target</Typography>
          <RadioGroup
            row
            aria-label="Target"
            value={form.targetKind}
            onChange={e =>
              set({ targetKind: e.target.value as FormState['targetKind'] })
            }
          >
            <FormControlLabel
              value="level"
              control={<Radio />}
              label="A level"
            />
            <FormControlLabel
              value="checks"
              control={<Radio />}
              label="Checks met"
            />
          </RadioGroup>
          {form.targetKind === 'level' ? (
            <TextField
              select
              id="campaign-level"
              label="Level"
              fullWidth
              value={form.level}
              onChange={e => set({ level: e.target.value })}
            >
              {model.levels.map(l => (
                <MenuItem key={l.id} value={l.id}>
                  {l.title}
                </MenuItem>
              ))}
            </TextField>
          ) : (
            <Autocomplete
              multiple
              options={model.checks.map(c => c.id)}
              getOptionLabel={id =>
                model.checks.find(c => c.id === id)?.title ?? id
              }
              value={form.checks}
              onChange={(_, checks) => set({ checks })}
              renderInput={params => (
                <TextField
                  {...params}
                  id="campaign-checks"
                  label="Checks"
                  fullWidth
                />
              )}
            />
          )}
        </Grid>
        <Grid item xs={6}>
          <TextField
            id="campaign-start"
            label="Starts"
            type="date"
            fullWidth
            InputLabelProps={{ shrink: true }}
            error={Boolean(errors.startDate)}
            helperText={
              errors.startDate ??
              (campaign?.startDate
                ? `${formatDay(campaign.startDate)} as before when empty`
                : 'Today when empty')
            }
            value={form.startDate}
            onChange={e => set({ startDate: e.target.value })}
          />
        </Grid>
        <Grid item xs={6}>
          <TextField
            id="campaign-deadline"
            label="Deadline"
            type="date"
            required
            fullWidth
            InputLabelProps={{ shrink: true }}
            error={Boolean(errors.deadline)}
            helperText={errors.deadline}
            value={form.deadline}
            onChange={e => set({ deadline: e.target.value })}
          />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="subtitle2">
            Which entities (every field given must match; comma-separated)
          </Typography>
        </Grid>
        {FILTER_FIELDS.map(f => (
          <Grid item xs={12} sm={6} key={f.key}>
            <TextField
              id={`campaign-filter-${f.key}`}
              label={f.label}
              fullWidth
              error={Boolean(errors[`filter.${f.key}`])}
              helperText={errors[`filter.${f.key}`] ?? f.help}
              value={form.filter[f.key]}
              onChange={e =>
                set({ filter: { ...form.filter, [f.key]: e.target.value } })
              }
            />
          </Grid>
        ))}
      </Grid>
    </VersionedEditDialog>
  );
}
