import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Rollup } from '@prodready/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';

/** Organisation-wide readiness: every group's rollup. @public */
export function ReadinessPage() {
  const api = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(
    () => api.listRollups({ by: 'group', sort: 'title', limit: 1000 }),
    [api],
  );
  const columns: TableColumn<Rollup>[] = [
    { title: 'Group', render: r => r.title ?? r.ref },
    { title: 'Score', render: r => (r.score === null ? 'n/a' : `${r.score}%`) },
    { title: 'Entities', render: r => r.aggregate.entities },
  ];
  return (
    <Page themeId="tool">
      <Header title="Production readiness" subtitle="Across the organisation" />
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && <Table title="Groups" columns={columns} data={value.items} />}
      </Content>
    </Page>
  );
}
