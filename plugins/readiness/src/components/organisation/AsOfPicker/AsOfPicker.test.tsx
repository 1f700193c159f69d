import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { AsOfPicker } from './AsOfPicker';

describe('AsOfPicker', () => {
  it('reports the day chosen and which snapshot the server used', async () => {
    const onChange = jest.fn();
    const { rerender, container } = await renderInTestApp(
      <AsOfPicker value="" onChange={onChange} />,
    );
    // The live region is there before it has anything to say, so what it
    // says later is read out.
    const live = container.querySelector('[aria-live="polite"]');
    expect(live).toBeEmptyDOMElement();
    fireEvent.change(
      screen.getByLabelText('As of (the organisation as it was on a day)'),
      {
        target: { value: '2026-10-03' },
      },
    );
    expect(onChange).toHaveBeenCalledWith('2026-10-03');

    rerender(
      <AsOfPicker value="2026-10-03" onChange={onChange} served="2026-10-01" />,
    );
    expect(screen.getByText('Snapshot of 1 Oct 2026')).toBe(live);
    await userEvent.click(screen.getByRole('button', { name: 'Now' }));
    expect(onChange).toHaveBeenLastCalledWith('');

    rerender(<AsOfPicker value="2020-01-01" onChange={onChange} />);
    expect(
      screen.getByText('No snapshot on or before 1 Jan 2020'),
    ).toBeInTheDocument();
  });
});
