import { useState } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  catalogEntities,
  renderReadiness,
} from '../../../__testUtils__/render';
import { CatalogRefPicker } from './CatalogRefPicker';

function Harness(props: {
  initial: string[];
  onChange: (refs: string[]) => void;
  max?: number;
}) {
  const [value, setValue] = useState(props.initial);
  return (
    <CatalogRefPicker
      id="picker"
      label="Holders"
      kinds={['User', 'Group']}
      max={props.max}
      value={value}
      onChange={refs => {
        setValue(refs);
        props.onChange(refs);
      }}
    />
  );
}

/**
 * Types `text` and waits until the search has answered: the options of the
 * list before it (shown until the debounced search returns) would be
 * replaced under a click.
 */
async function search(text: string) {
  await userEvent.type(screen.getByLabelText('Holders'), text);
  await waitFor(() => {
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    const options = screen.getAllByRole('option');
    expect(
      options.filter(o => !o.textContent?.toLowerCase().includes(text)),
    ).toEqual([]);
  });
}

describe('CatalogRefPicker', () => {
  it('offers nothing more once it holds as many refs as it may', async () => {
    const onChange = jest.fn();
    await renderReadiness(
      <Harness
        initial={['user:default/alice', 'group:default/sre']}
        onChange={onChange}
        max={2}
      />,
      { api: {} },
    );
    expect(
      screen.getByText('At most 2: remove one to pick another'),
    ).toBeInTheDocument();
    await search('bob');
    const bob = await screen.findByRole('option', { name: /Bob Brown/ });
    // Disabled: a click does not reach it.
    expect(bob).toHaveAttribute('aria-disabled', 'true');
  });

  it('searches the catalog and returns the refs picked', async () => {
    const onChange = jest.fn();
    await renderReadiness(<Harness initial={[]} onChange={onChange} />, {
      api: {},
    });
    await search('bob');
    await userEvent.click(
      await screen.findByRole('option', { name: /Bob Brown/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith(['user:default/bob']);

    await search('site');
    await userEvent.click(
      await screen.findByRole('option', {
        name: /Site Reliability Engineering/,
      }),
    );
    expect(onChange).toHaveBeenLastCalledWith([
      'user:default/bob',
      'group:default/sre',
    ]);
  });

  it('only offers what matches the search', async () => {
    await renderReadiness(<Harness initial={[]} onChange={jest.fn()} />, {
      api: {},
    });
    await userEvent.type(screen.getByLabelText('Holders'), 'dmitri');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    expect(screen.getByRole('option')).toHaveTextContent('user:default/dmitri');
  });

  it('shows the names of the refs it starts with', async () => {
    await renderReadiness(
      <Harness initial={['user:default/alice']} onChange={jest.fn()} />,
      { api: {} },
    );
    expect(await screen.findByText('Alice Andersson')).toBeInTheDocument();
  });

  it('says so when the catalog search fails, and searches again as the user types', async () => {
    const catalog = catalogApiMock({ entities: catalogEntities });
    jest
      .spyOn(catalog, 'queryEntities')
      .mockRejectedValueOnce(new Error('catalog is down'));
    await renderReadiness(
      <TestApiProvider apis={[[catalogApiRef, catalog]]}>
        <Harness initial={[]} onChange={jest.fn()} />
      </TestApiProvider>,
      { api: {} },
    );
    await userEvent.click(screen.getByLabelText('Holders'));
    expect(
      await screen.findByText('Could not search the catalog: catalog is down'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No options')).not.toBeInTheDocument();

    await search('bob');
    expect(
      screen.getByRole('option', { name: /Bob Brown/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Could not search/)).not.toBeInTheDocument();
  });
});
