import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkRows } from '../../../lib/checks';
import {
  clickButton,
  renderDialog,
  submitAnswer,
} from '../../../__testUtils__/dialogs';
import { conflictError, responseError } from '../../../__testUtils__/render';
import {
  ENTITY_REF,
  model,
  paymentsApi,
  scorecardOf,
  storedAnswer,
} from '../../../__testUtils__/scorecards';
import { AnswerDialog } from './AnswerDialog';

function rowOf(
  checkId: string,
  answers = [] as ReturnType<typeof storedAnswer>[],
) {
  return checkRows(scorecardOf(paymentsApi(), { answers }), model).find(
    r => r.definition.id === checkId,
  )!;
}

function renderAnswerDialog(
  putAnswer: jest.Mock,
  row = rowOf('scalability.load-test'),
) {
  return renderDialog(
    ({ onClose, onSaved, onConflict }) => (
      <AnswerDialog
        entityRef={ENTITY_REF}
        row={row}
        onClose={onClose}
        onSaved={onSaved}
        onConflict={onConflict}
      />
    ),
    { putAnswer },
  );
}

describe('AnswerDialog', () => {
  it('shows the question and guidance, and labels every field', async () => {
    const { dialog } = await renderAnswerDialog(jest.fn());
    const check = model.checks.find(c => c.id === 'scalability.load-test')!;
    expect(within(dialog).getByText(check.question)).toBeInTheDocument();
    expect(
      within(dialog).getByRole('radiogroup', { name: 'Status' }),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Evidence URL')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Note')).toBeInTheDocument();
    expect(
      within(dialog).getByText(/expire 365 days after/),
    ).toBeInTheDocument();
  });

  it('requires a reason and an explanation for not applicable before sending', async () => {
    const putAnswer = jest.fn();
    const { dialog } = await renderAnswerDialog(putAnswer);
    await userEvent.click(within(dialog).getByLabelText('Not applicable'));
    await clickButton(dialog, 'Save answer');
    expect(putAnswer).not.toHaveBeenCalled();
    expect(
      within(dialog).getAllByText('Is required when status is not-applicable'),
    ).toHaveLength(2);

    await userEvent.click(
      within(dialog).getByLabelText(/Reason it does not apply/),
    );
    await userEvent.click(screen.getByRole('option', { name: 'Out of scope' }));
    await userEvent.type(
      within(dialog).getByLabelText(/Why it does not apply/),
      'internal batch tool',
    );
    expect(
      within(dialog).queryByText('Is required when status is not-applicable'),
    ).not.toBeInTheDocument();
    putAnswer.mockResolvedValue({
      answer: storedAnswer('scalability.load-test'),
    });
    await clickButton(dialog, 'Save answer');
    expect(putAnswer).toHaveBeenCalledWith(
      ENTITY_REF,
      'scalability.load-test',
      {
        status: 'not-applicable',
        notApplicableReason: 'out-of-scope',
        notApplicableText: 'internal batch tool',
        version: 0,
      },
    );
  });

  it('names the field of an invalid evidence URL', async () => {
    const putAnswer = jest.fn();
    const { dialog } = await renderAnswerDialog(putAnswer);
    await submitAnswer(dialog, { status: 'Met', evidenceUrl: 'ftp://files' });
    expect(putAnswer).not.toHaveBeenCalled();
    expect(within(dialog).getByLabelText('Evidence URL')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      within(dialog).getByText('Must be an http or https URL'),
    ).toBeInTheDocument();
    // The user is taken to it, not left on Save.
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Evidence URL')).toHaveFocus(),
    );
  });

  it('takes the user to the status when none is chosen, and says why', async () => {
    const putAnswer = jest.fn();
    const { dialog } = await renderAnswerDialog(putAnswer);
    await clickButton(dialog, 'Save answer');
    expect(putAnswer).not.toHaveBeenCalled();
    const group = within(dialog).getByRole('radiogroup', { name: 'Status' });
    expect(group).toHaveAttribute('aria-invalid', 'true');
    expect(group).toHaveAccessibleDescription('Choose a status');
    await waitFor(() =>
      expect(within(group).getAllByRole('radio')[0]).toHaveFocus(),
    );
  });

  it('keeps what the user typed when the server refuses the answer', async () => {
    const putAnswer = jest.fn().mockRejectedValue(
      await responseError(400, 'Bad Request', {
        name: 'InputError',
        message: 'Invalid answer: note: must be at most 2000 characters',
      }),
    );
    const { dialog, onSaved } = await renderAnswerDialog(putAnswer);
    await submitAnswer(dialog, { status: 'Partially met', note: 'half done' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Invalid answer: note: must be at most 2000 characters',
    );
    expect(within(dialog).getByLabelText('Note')).toHaveValue('half done');
    expect(within(dialog).getByLabelText('Partially met')).toBeChecked();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('prefills the portal answer and sends its version', async () => {
    const putAnswer = jest.fn().mockResolvedValue({});
    const row = rowOf('scalability.load-test', [
      storedAnswer('scalability.load-test', {
        status: 'partially-met',
        evidenceUrl: 'https://r.example.com',
        version: 6,
      }),
    ]);
    const { dialog, onSaved } = await renderAnswerDialog(putAnswer, row);
    expect(within(dialog).getByLabelText('Partially met')).toBeChecked();
    expect(within(dialog).getByLabelText('Evidence URL')).toHaveValue(
      'https://r.example.com',
    );
    await submitAnswer(dialog, { status: 'Met' });
    expect(putAnswer).toHaveBeenCalledWith(
      ENTITY_REF,
      'scalability.load-test',
      {
        status: 'met',
        evidenceUrl: 'https://r.example.com',
        version: 6,
      },
    );
    expect(onSaved).toHaveBeenCalled();
  });

  it('on a 409 shows the newer answer and can start from it', async () => {
    const theirs = storedAnswer('scalability.load-test', {
      status: 'not-met',
      note: 'the test failed',
      version: 2,
    });
    const putAnswer = jest.fn().mockRejectedValue(await conflictError(theirs));
    const { dialog, onConflict } = await renderAnswerDialog(putAnswer);
    await submitAnswer(dialog, { status: 'Met' });
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Not met');
    expect(alert).toHaveTextContent('the test failed');
    expect(onConflict).toHaveBeenCalled();
    expect(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    ).toBeDisabled();

    await clickButton(dialog, 'Start from their answer');
    expect(within(dialog).getByLabelText('Not met')).toBeChecked();
    expect(within(dialog).getByLabelText('Note')).toHaveValue(
      'the test failed',
    );
    putAnswer.mockResolvedValue({});
    await clickButton(dialog, 'Save answer');
    expect(putAnswer).toHaveBeenLastCalledWith(
      ENTITY_REF,
      'scalability.load-test',
      {
        status: 'not-met',
        note: 'the test failed',
        version: 2,
      },
    );
  });
});
