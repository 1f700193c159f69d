import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { PagedTable } from './PagedTable';

const rows = [
  { id: 'a', score: 10 },
  { id: 'b', score: 20 },
];

describe('PagedTable', () => {
  it('draws the page it is given and reports sorting and paging', async () => {
    const onPageChange = jest.fn();
    const onSortChange = jest.fn();
    await renderInTestApp(
      <PagedTable
        ariaLabel="Things"
        columns={[
          { title: 'Id', render: r => r.id, sortKey: 'id' },
          { title: 'Score', render: r => `${r.score}%`, sortKey: 'score' },
        ]}
        rows={rows}
        rowKey={r => r.id}
        total={42}
        page={0}
        pageSize={2}
        onPageChange={onPageChange}
        sort={{ key: 'score', order: 'asc' }}
        onSortChange={onSortChange}
        emptyText="Nothing"
      />,
    );
    expect(screen.getByRole('table', { name: 'Things' })).toHaveTextContent(
      '20%',
    );
    expect(screen.getByText('1-2 of 42')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Score' }));
    expect(onSortChange).toHaveBeenCalledWith('score', 'desc');
    await userEvent.click(screen.getByRole('button', { name: 'Id' }));
    expect(onSortChange).toHaveBeenCalledWith('id', 'asc');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(onPageChange).toHaveBeenCalledWith(1);
  });

  it('says when there is nothing to show', async () => {
    await renderInTestApp(
      <PagedTable
        ariaLabel="Things"
        columns={[{ title: 'Id', render: (r: { id: string }) => r.id }]}
        rows={[]}
        rowKey={r => r.id}
        total={0}
        page={0}
        pageSize={10}
        onPageChange={jest.fn()}
        emptyText="Nothing matches"
      />,
    );
    expect(screen.getByText('Nothing matches')).toBeInTheDocument();
  });
});
