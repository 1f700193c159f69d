import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useSidebarOpenState } from '@backstage/core-components';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { setDemoUser } from '../../demoUser';

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(1, 2), minWidth: 180 },
  select: { color: theme.palette.navigation.color },
  label: { color: theme.palette.navigation.color },
}));

/** Demo only: switch the signed-in user to see owner and non-owner views. */
export function ActAsDemoUser() {
  const classes = useStyles();
  const { isOpen } = useSidebarOpenState();
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { value } = useAsync(async () => {
    const [identity, users] = await Promise.all([
      identityApi.getBackstageIdentity(),
      catalogApi.getEntities({
        filter: { kind: 'User' },
        fields: ['metadata.name', 'spec.profile.displayName'],
      }),
    ]);
    return {
      current: parseEntityRef(identity.userEntityRef).name,
      users: users.items,
    };
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
