import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkRows } from '../../lib/checks';
import {
  conflictError,
  renderReadiness,
  responseError,
} from '../../__testUtils__/render';
import {
  ENTITY_REF,
  model,
  paymentsApi,
  scorecardOf,
  storedAnswer,
} from '../../__testUtils__/scorecards';
import { AnswerDialog } from './AnswerDialog';

function rowOf(
  checkId: string,
  answers = [] as ReturnType<typeof storedAnswer>[],
) {
  return checkRows(scorecardOf(paymentsApi(), { answers }), model).find(
    r => r.definition.id === checkId,
  )!;
}

async function renderDialog(
  putAnswer: jest.Mock,
  row = rowOf('scalability.load-test'),
) {
  const onSaved = jest.fn();
  const onConflict = jest.fn();
  await renderReadiness(
    <AnswerDialog
      entityRef={ENTITY_REF}
      row={row}
      onClose={jest.fn()}
      onSaved={onSaved}
      onConflict={onConflict}
    />,
    { api: { putAnswer } },
  );
  return { onSaved, onConflict, dialog: screen.getByRole('dialog') };
}

describe('AnswerDialog', () => {
  it('shows the question and guidance, and labels every field', async () => {
    const { dialog } = await renderDialog(jest.fn());
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
    const { dialog } = await renderDialog(putAnswer);
    await userEvent.click(within(dialog).getByLabelText('Not applicable'));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    );
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
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    );
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
    const { dialog } = await renderDialog(putAnswer);
    await userEvent.click(within(dialog).getByLabelText('Met'));
    await userEvent.type(
      within(dialog).getByLabelText('Evidence URL'),
      'ftp://files',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    );
    expect(putAnswer).not.toHaveBeenCalled();
    expect(within(dialog).getByLabelText('Evidence URL')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      within(dialog).getByText('Must be an http or https URL'),
    ).toBeInTheDocument();
  });

  it('keeps what the user typed when the server refuses the answer', async () => {
    const putAnswer = jest.fn().mockRejectedValue(
      await responseError(400, 'Bad Request', {
        name: 'InputError',
        message: 'Invalid answer: note: must be at most 2000 characters',
      }),
    );
    const { dialog, onSaved } = await renderDialog(putAnswer);
    await userEvent.click(within(dialog).getByLabelText('Partially met'));
    await userEvent.type(within(dialog).getByLabelText('Note'), 'half done');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    );
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
    const { dialog, onSaved } = await renderDialog(putAnswer, row);
    expect(within(dialog).getByLabelText('Partially met')).toBeChecked();
    expect(within(dialog).getByLabelText('Evidence URL')).toHaveValue(
      'https://r.example.com',
    );
    await userEvent.click(within(dialog).getByLabelText('Met'));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    );
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
    const { dialog, onConflict } = await renderDialog(putAnswer);
    await userEvent.click(within(dialog).getByLabelText('Met'));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    );
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Not met');
    expect(alert).toHaveTextContent('the test failed');
    expect(onConflict).toHaveBeenCalled();
    expect(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    ).toBeDisabled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start from their answer' }),
    );
    expect(within(dialog).getByLabelText('Not met')).toBeChecked();
    expect(within(dialog).getByLabelText('Note')).toHaveValue(
      'the test failed',
    );
    putAnswer.mockResolvedValue({});
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save answer' }),
    );
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
