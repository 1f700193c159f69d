import { memo } from 'react';
import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  OWNER_OUTSIDE_REASON_TEXT,
  OwnersOutsideGroups,
  readinessAdminPermission,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { formatDateTime, timeAgo } from '../../../lib/format';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The cycles and missing links of the group tree. */
function TreeProblems({
  problems,
  total,
  found,
}: {
  problems: string[];
  total: number;
  found: string;
}) {
  const unlisted = total - problems.length;
  return (
    <Box mb={2}>
      <WarningPanel
        title={`${plural(total, 'problem')} in the group hierarchy`}
        message={`${found} The rollups leave out the links named here, so the groups involved may show at the top of the tree or under another parent until their catalog entries are fixed.`}
      >
        <ul aria-label="Group hierarchy problems">
          {problems.map((problem, i) => (
            <li key={i}>
              <Typography variant="body2">{problem}</Typography>
            </li>
          ))}
        </ul>
        {unlisted > 0 && (
          <Typography variant="body2">
            and {plural(unlisted, 'more problem')}, not listed: fix these first,
            and the next full run lists the others.
          </Typography>
        )}
      </WarningPanel>
    </Box>
  );
}

/** The entities no group's rollup counts, by owner. */
function OwnersOutside({
  outside,
  found,
}: {
  outside: OwnersOutsideGroups;
  found: string;
}) {
  const unlisted = outside.ownersTotal - outside.owners.length;
  return (
    <Box mb={2}>
      <WarningPanel
        title={`${plural(
          outside.entities,
          'entity counts',
          'entities count',
        )} in no team's rollup`}
        message={`${found} Their owner is not a group in the catalog, so no team's figures include them, not even the top of the tree, until their catalog entries name a group that exists.`}
      >
        <ul aria-label="Owners outside the group tree">
          {outside.owners.map(o => (
            <li key={o.owner ?? ''}>
              <Typography variant="body2">
                {o.owner ?? 'No owner'} ({OWNER_OUTSIDE_REASON_TEXT[o.reason]}):{' '}
                {plural(o.entities, 'entity', 'entities')}
              </Typography>
            </li>
          ))}
        </ul>
        {unlisted > 0 && (
          <Typography variant="body2">
            and {plural(unlisted, 'more owner')} with fewer entities.
          </Typography>
        )}
      </WarningPanel>
    </Box>
  );
}

function HierarchyProblemsPanel() {
  const api = useApi(readinessApiRef);
  const { value } = useAsync(() => api.getHierarchyProblems(), [api]);
  // The panel is a hint beside the organisation, not the page itself: a
  // failed request shows nothing rather than an error over the tree.
  const problems = value?.problems ?? [];
  const outside = value?.ownersOutsideGroups;
  if (problems.length === 0 && !outside?.entities) return null;

  const found = value?.computedAt
    ? `Found by the full computation of ${formatDateTime(
        value.computedAt,
      )} (${timeAgo(value.computedAt, new Date())}).`
    : 'Found by the last full computation.';
  return (
    <>
      {problems.length > 0 && (
        <TreeProblems
          problems={problems}
          total={Math.max(value?.problemsTotal ?? 0, problems.length)}
          found={found}
        />
      )}
      {outside?.entities ? (
        <OwnersOutside outside={outside} found={found} />
      ) : null}
    </>
  );
}

/**
 * What the last full computation found wrong in the group hierarchy
 * (cycles, self-parents, missing parent or child groups) and the entities
 * it counted in no group, for readiness admins only: others see nothing and
 * no request is made.
 */
export const HierarchyProblems = memo(function HierarchyProblemsComponent() {
  const admin = usePermission({ permission: readinessAdminPermission });
  return admin.allowed ? <HierarchyProblemsPanel /> : null;
});
