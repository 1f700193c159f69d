import { memo, useState } from 'react';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  formatUsers,
  SEED_COST_TIERS,
  SystemCost,
} from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import { formatMoney } from '../../shared/CostCurve/money';
import { PagedColumn, PagedTable } from '../PagedTable';

/** The tiers one can cost a System at: the seed's, but not zero users. */
const TIERS = SEED_COST_TIERS.filter(users => users > 0);

const money = (row: SystemCost, amount: number | undefined) =>
  amount === undefined || !row.currency
    ? '—'
    : formatMoney(amount, row.currency);

const COLUMNS: PagedColumn<SystemCost>[] = [
  {
    title: 'System',
    render: row => <EntityRefLink entityRef={row.entityRef} hideIcon />,
  },
  {
    title: 'Per user per month',
    align: 'right',
    render: row => money(row, row.costPerUser),
  },
  {
    title: 'Per month',
    align: 'right',
    render: row => money(row, row.monthlyCost),
  },
  {
    title: 'From',
    render: row => {
      if (row.source === 'system') return "the System's cost table";
      if (row.source === 'parts') {
        const from = `${row.parts} part${
          row.parts === 1 ? '' : 's'
        }' cost tables`;
        // A sum that leaves parts out says so, rather than pass for the whole.
        return row.uncostedParts
          ? `${from}; ${row.uncostedParts} part${
              row.uncostedParts === 1 ? ' has' : 's have'
            } none and ${row.uncostedParts === 1 ? 'is' : 'are'} left out`
          : from;
      }
      return row.problem ?? '—';
    },
  },
];

/**
 * Cost per user by System at a number of users: from each System's cost
 * table, else its parts' tables summed. The server pages the Systems.
 */
export const SystemCostCard = memo(function SystemCostCardComponent() {
  const api = useApi(readinessApiRef);
  const [users, setUsers] = useState(1000);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const costs = useAsync(
    () =>
      api.listSystemCosts({ users, limit: pageSize, offset: page * pageSize }),
    [api, users, page, pageSize],
  );
  return (
    <InfoCard
      title="Cost per user by System"
      subheader="What each System costs per month, from its cost table or its parts'"
    >
      <TextField
        id="readiness-cost-tier"
        select
        size="small"
        variant="outlined"
        label="At"
        value={users}
        onChange={event => {
          setUsers(Number(event.target.value));
          setPage(0);
        }}
        style={{ minWidth: 180, marginBottom: 8 }}
      >
        {TIERS.map(tier => (
          <MenuItem key={tier} value={tier}>
            {formatUsers(tier)} user{tier === 1 ? '' : 's'}
          </MenuItem>
        ))}
      </TextField>
      {costs.error ? (
        <ResponseErrorPanel error={costs.error} />
      ) : (
        <PagedTable
          ariaLabel={`Cost per user by System at ${formatUsers(users)} users`}
          columns={COLUMNS}
          rows={costs.value?.items ?? []}
          rowKey={row => row.entityRef}
          total={costs.value?.totalCount ?? 0}
          page={page}
          pageSize={pageSize}
          onPageChange={setPage}
          onPageSizeChange={size => {
            setPageSize(size);
            setPage(0);
          }}
          loading={costs.loading}
          emptyText="No Systems in the catalog."
        />
      )}
    </InfoCard>
  );
});
