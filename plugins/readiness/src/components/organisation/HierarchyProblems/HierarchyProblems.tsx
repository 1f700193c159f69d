import { memo } from 'react';
import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { readinessAdminPermission } from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { formatDateTime, timeAgo } from '../../../lib/format';

function HierarchyProblemsPanel() {
  const api = useApi(readinessApiRef);
  const { value } = useAsync(() => api.getHierarchyProblems(), [api]);
  // The panel is a hint beside the organisation, not the page itself: a
  // failed request shows nothing rather than an error over the tree.
  const problems = value?.problems ?? [];
  if (problems.length === 0) return null;

  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const found = value?.computedAt
    ? `Found by the full computation of ${formatDateTime(
        value.computedAt,
      )} (${timeAgo(value.computedAt, new Date())}).`
    : 'Found by the last full computation.';
  return (
    <Box mb={2}>
      <WarningPanel
        title={`${count} in the group hierarchy`}
        message={`${found} The rollups leave out the links named here, so the groups involved may show at the top of the tree or under another parent until their catalog entries are fixed.`}
      >
        <ul aria-label="Group hierarchy problems">
          {problems.map((problem, i) => (
            <li key={i}>
              <Typography variant="body2">{problem}</Typography>
            </li>
          ))}
        </ul>
      </WarningPanel>
    </Box>
  );
}

/**
 * What the last full computation found wrong in the group hierarchy
 * (cycles, self-parents, missing parent or child groups), for readiness
 * admins only: others see nothing and no request is made.
 */
export const HierarchyProblems = memo(function HierarchyProblemsComponent() {
  const admin = usePermission({ permission: readinessAdminPermission });
  return admin.allowed ? <HierarchyProblemsPanel /> : null;
});
