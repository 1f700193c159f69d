import { useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import Autocomplete from '@material-ui/lab/Autocomplete';
import Chip from '@material-ui/core/Chip';
import CircularProgress from '@material-ui/core/CircularProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import PersonIcon from '@material-ui/icons/Person';
import GroupIcon from '@material-ui/icons/Group';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { errorMessage } from '../../../lib/errors';

/** A user or group the picker offers. */
interface RefOption {
  ref: string;
  label: string;
  kind: string;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];
/** Suggestions per search; the catalog filters, the browser never loads everyone. */
const SUGGESTIONS = 20;

function optionOf(entity: Entity): RefOption {
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  return {
    ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    label:
      profile?.displayName ?? entity.metadata.title ?? entity.metadata.name,
    kind: entity.kind.toLocaleLowerCase('en-US'),
  };
}

/** A ref typed or stored elsewhere, before the catalog told us its name. */
function optionOfRef(ref: string): RefOption {
  const [kind, rest = ''] = ref.split(':');
  return { ref, label: rest.split('/').pop() ?? ref, kind };
}

const useStyles = makeStyles(theme => ({
  option: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

/**
 * Picks users and groups from the catalog by name (full-text search in the
 * catalog, a page of suggestions at a time). The value is a list of entity refs,
 * of at most `max` (what the server takes): once full, nothing more is offered.
 */
export function CatalogRefPicker(props: {
  id: string;
  label: string;
  kinds: ('User' | 'Group')[];
  value: string[];
  onChange: (refs: string[]) => void;
  helperText?: string;
  error?: boolean;
  disabled?: boolean;
  placeholder?: string;
  size?: 'small' | 'medium';
  max?: number;
}) {
  const { id, label, kinds, value, onChange, error, disabled, max } = props;
  const full = max !== undefined && value.length >= max;
  const helperText = full
    ? `At most ${max}: remove one to pick another`
    : props.helperText;
  const classes = useStyles();
  const catalogApi = useApi(catalogApiRef);
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  useDebounce(() => setTerm(input.trim()), 250, [input]);

  // Names of refs already seen, so chips keep their display names.
  const known = useRef(new Map<string, RefOption>());
  const kindsKey = kinds.join(',');
  const {
    value: found,
    loading,
    error: searchError,
  } = useAsync(async () => {
    const response = await catalogApi.queryEntities({
      filter: { kind: kindsKey.split(',') },
      fullTextFilter: term
        ? {
            term,
            fields: [
              'metadata.name',
              'metadata.title',
              'spec.profile.displayName',
            ],
          }
        : undefined,
      orderFields: { field: 'metadata.name', order: 'asc' },
      fields: FIELDS,
      limit: SUGGESTIONS,
    });
    const options = response.items.map(optionOf);
    options.forEach(o => known.current.set(o.ref, o));
    return options;
  }, [catalogApi, kindsKey, term]);

  // Display names of refs given as the initial value, looked up once.
  const valueKey = value.join(',');
  const { value: named } = useAsync(async () => {
    const unknown = valueKey
      .split(',')
      .filter(ref => ref && !known.current.has(ref));
    if (!unknown.length) return 0;
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: unknown,
      fields: FIELDS,
    });
    items.forEach(entity => {
      if (entity) {
        const option = optionOf(entity);
        known.current.set(option.ref, option);
      }
    });
    return items.length;
  }, [catalogApi, valueKey]);

  // A new value array makes the Autocomplete clear what is typed, so it only
  // changes with the selection (and once the initial names are known).
  const selected = useMemo(
    () => value.map(ref => known.current.get(ref) ?? optionOfRef(ref)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [valueKey, named],
  );

  return (
    <Autocomplete
      id={id}
      multiple
      size={props.size}
      disabled={disabled}
      options={found ?? []}
      value={selected}
      loading={loading}
      // A failed search is not "No options": say so (typing searches again).
      noOptionsText={
        searchError
          ? `Could not search the catalog: ${errorMessage(searchError)}`
          : undefined
      }
      filterOptions={options => options}
      getOptionDisabled={() => full}
      filterSelectedOptions
      getOptionLabel={option => option.label}
      getOptionSelected={(option, current) => option.ref === current.ref}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      onChange={(_event, options) => {
        options.forEach(o => known.current.set(o.ref, o));
        onChange(options.map(o => o.ref));
      }}
      renderOption={option => (
        <span className={classes.option}>
          {option.kind === 'group' ? (
            <GroupIcon fontSize="small" aria-hidden />
          ) : (
            <PersonIcon fontSize="small" aria-hidden />
          )}
          <span>
            <Typography variant="body2">{option.label}</Typography>
            <Typography variant="caption" color="textSecondary">
              {option.ref}
            </Typography>
          </span>
        </span>
      )}
      renderTags={(options, getTagProps) =>
        options.map((option, index) => (
          <Chip
            {...getTagProps({ index })}
            key={option.ref}
            size="small"
            icon={
              option.kind === 'group' ? (
                <GroupIcon aria-hidden />
              ) : (
                <PersonIcon aria-hidden />
              )
            }
            label={option.label}
            title={option.ref}
          />
        ))
      }
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          variant="outlined"
          placeholder={props.placeholder}
          helperText={helperText}
          error={error}
          InputProps={{
            ...params.InputProps,
            endAdornment: (
              <>
                {loading && <CircularProgress color="inherit" size={18} />}
                {params.InputProps.endAdornment}
              </>
            ),
          }}
        />
      )}
    />
  );
}
