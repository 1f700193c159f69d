import { ReactElement } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReadinessApi } from '../api/ReadinessApi';
import { renderReadiness } from './render';

/** The callbacks of a readiness dialog, as mocks. */
export interface DialogCallbacks {
  onClose: jest.Mock;
  onSaved: jest.Mock;
  onConflict: jest.Mock;
}

/**
 * Renders a dialog with mocked callbacks and the readiness API given;
 * returns the callbacks and the dialog element.
 */
export async function renderDialog(
  render: (callbacks: DialogCallbacks) => ReactElement,
  api: Partial<ReadinessApi>,
) {
  const callbacks: DialogCallbacks = {
    onClose: jest.fn(),
    onSaved: jest.fn(),
    onConflict: jest.fn(),
  };
  await renderReadiness(render(callbacks), { api });
  return { ...callbacks, dialog: screen.getByRole('dialog') };
}

/** Clicks the button of that name inside an element (a dialog, a row). */
export async function clickButton(container: HTMLElement, name: string) {
  await userEvent.click(within(container).getByRole('button', { name }));
}

/** Clicks the button that opens a dialog, once it is there; returns the dialog. */
export async function openDialog(buttonName: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: buttonName }),
  );
  return screen.getByRole('dialog');
}

/** Fills in the answer dialog (a status and, when given, evidence and note) and saves. */
export async function submitAnswer(
  dialog: HTMLElement,
  fields: { status: string; evidenceUrl?: string; note?: string },
) {
  await userEvent.click(within(dialog).getByLabelText(fields.status));
  if (fields.evidenceUrl) {
    await userEvent.type(
      within(dialog).getByLabelText('Evidence URL'),
      fields.evidenceUrl,
    );
  }
  if (fields.note) {
    await userEvent.type(within(dialog).getByLabelText('Note'), fields.note);
  }
  await clickButton(dialog, 'Save answer');
}

/** Searches the holder picker of the role dialog and picks an option. */
export async function pickHolder(
  dialog: HTMLElement,
  search: string,
  option: RegExp,
) {
  await userEvent.type(within(dialog).getByLabelText('Holders'), search);
  // The picker searches 250 ms after the last keystroke. Wait for that
  // search's options (each names the text searched for): clicking an option
  // of an earlier search races with its replacement and can select nothing.
  await waitFor(() =>
    expect(
      screen
        .getAllByRole('option')
        .every(o => o.textContent?.toLowerCase().includes(search)),
    ).toBe(true),
  );
  await userEvent.click(screen.getByRole('option', { name: option }));
  // The pick shows as a chip in the field.
  await within(dialog).findByRole('button', { name: option });
}
