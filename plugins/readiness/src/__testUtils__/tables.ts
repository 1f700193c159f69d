import { within } from '@testing-library/react';

/**
 * Checks that every column header of `table` has a name a screen reader
 * announces, a column of buttons included.
 */
export function expectNamedColumns(table: HTMLElement) {
  const headers = within(table).getAllByRole('columnheader');
  expect(headers.length).toBeGreaterThan(0);
  for (const header of headers) expect(header).toHaveAccessibleName();
}
