import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { useOrganisationPageLink } from '../../../hooks/useOrganisationPageLink';
import { SectionLabel } from '../../shared/SectionLabel';
import {
  CampaignProgressBar,
  describeDeadline,
} from '../../organisation/Campaigns';

/** On the group card: the open campaigns the team (or a sub-team) has entities in, counted for it. */
export function GroupCampaigns(props: { groupRef: string }) {
  const { groupRef } = props;
  const api = useApi(readinessApiRef);
  const organisationLink = useOrganisationPageLink();
  const now = useMemo(() => new Date(), []);
  // Secondary to the card: without campaigns it shows the rest.
  const { value } = useAsync(
    async () => api.listCampaigns({ group: groupRef, open: true }),
    [api, groupRef],
  );
  if (!value?.items.length) return null;
  return (
    <Box mt={2}>
      <SectionLabel>Open campaigns</SectionLabel>
      {value.items.map(c => (
        <Box key={c.id} mt={1}>
          <Typography variant="body2">
            {organisationLink ? (
              <Link to={`${organisationLink}/campaigns`}>{c.title}</Link>
            ) : (
              c.title
            )}{' '}
            · {describeDeadline(c.deadline, c.progress, now)}
          </Typography>
          <CampaignProgressBar counts={c.progress} label={c.title} />
        </Box>
      ))}
    </Box>
  );
}
