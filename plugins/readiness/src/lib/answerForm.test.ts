import { draftFromAnswer, validateAnswerDraft } from './answerForm';

describe('validateAnswerDraft', () => {
  const empty = draftFromAnswer();

  it('asks for a status', () => {
    expect(validateAnswerDraft(empty, 0).errors).toEqual({
      status: 'Choose a status',
    });
  });

  it('requires a reason and an explanation for not applicable, like the backend', () => {
    const result = validateAnswerDraft(
      { ...empty, status: 'not-applicable' },
      0,
    );
    expect(result.errors).toEqual({
      notApplicableReason: 'Is required when status is not-applicable',
      notApplicableText: 'Is required when status is not-applicable',
    });
  });

  it('rejects evidence that is not an http(s) URL', () => {
    expect(
      validateAnswerDraft(
        { ...empty, status: 'met', evidenceUrl: 'ftp://x' },
        0,
      ).errors,
    ).toEqual({ evidenceUrl: 'Must be an http or https URL' });
  });

  it('leaves out empty fields and hidden not-applicable fields', () => {
    expect(
      validateAnswerDraft(
        {
          status: 'met',
          notApplicableReason: 'other',
          notApplicableText: 'typed before switching to met',
          evidenceUrl: ' https://r.example.com ',
          note: '',
        },
        4,
      ).input,
    ).toEqual({
      status: 'met',
      evidenceUrl: 'https://r.example.com',
      version: 4,
    });
  });
});
