import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useSidebarOpenState } from '@backstage/core-components';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { setDemoUser } from '../../demoUser';

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(1, 2), minWidth: 180 },
  select: { color: theme.palette.navigation.color },
  label: { color: theme.palette.navigation.color },
}));

/**
 * Users offered, by name: the demo has a few dozen, but the measurement
 * portal seeds thousands, and this loads on every page.
 */
const USERS_SHOWN = 50;

/** Demo only: switch the signed-in user to see owner and non-owner views. */
export function ActAsDemoUser() {
  const classes = useStyles();
  const { isOpen } = useSidebarOpenState();
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { value } = useAsync(async () => {
    const [identity, users] = await Promise.all([
      identityApi.getBackstageIdentity(),
      catalogApi.queryEntities({
        filter: { kind: 'User' },
        fields: ['metadata.name', 'spec.profile.displayName'],
        orderFields: { field: 'metadata.name', order: 'asc' },
        limit: USERS_SHOWN,
      }),
    ]);
    const current = parseEntityRef(identity.userEntityRef).name;
    // The user acted as is offered even when past the first names.
    const shown = users.items.some(u => u.metadata.name === current)
      ? users.items
      : [{ metadata: { name: current } } as Entity, ...users.items];
    return { current, users: shown };
  }, [identityApi, catalogApi]);
  if (!isOpen || !value) return null;
  return (
    <FormControl className={classes.root} size="small">
      <InputLabel id="act-as-label" className={classes.label}>
        Act as (demo)
      </InputLabel>
      <Select
        labelId="act-as-label"
        className={classes.select}
        value={value.current}
        onChange={event => {
          setDemoUser(String(event.target.value));
          window.location.reload();
        }}
      >
        {value.users.map(user => (
          <MenuItem key={user.metadata.name} value={user.metadata.name}>
            {(user.spec?.profile as { displayName?: string })?.displayName ??
              user.metadata.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
