import {
  AnswerInput,
  answerInputSchema,
  AnswerStatus,
  NotApplicableReason,
  ReadinessAnswer,
} from '@prodready/plugin-readiness-common';

/**
 * The answer form's state: what the user typed, kept verbatim (also fields
 * hidden by the chosen status) so that no error or status switch loses it.
 */
export interface AnswerDraft {
  status: AnswerStatus | '';
  notApplicableReason: NotApplicableReason | '';
  notApplicableText: string;
  evidenceUrl: string;
  note: string;
}

export type AnswerField = keyof AnswerDraft;

export type AnswerFieldErrors = Partial<Record<AnswerField, string>>;

/** A draft prefilled from an existing answer, or empty. */
export function draftFromAnswer(answer?: ReadinessAnswer | null): AnswerDraft {
  return {
    status: answer?.status ?? '',
    notApplicableReason: answer?.notApplicableReason ?? '',
    notApplicableText: answer?.notApplicableText ?? '',
    evidenceUrl: answer?.evidenceUrl ?? '',
    note: answer?.note ?? '',
  };
}

function capitalise(message: string): string {
  return message.charAt(0).toLocaleUpperCase('en-US') + message.slice(1);
}

/**
 * Validates a draft with the backend's own schema and turns it into the
 * request body; empty fields are left out, and the not-applicable fields are
 * only sent with a not-applicable status.
 */
export function validateAnswerDraft(
  draft: AnswerDraft,
  version: number,
):
  | { input: AnswerInput; errors?: undefined }
  | { input?: undefined; errors: AnswerFieldErrors } {
  const notApplicable = draft.status === 'not-applicable';
  const candidate: Record<string, unknown> = { version };
  if (draft.status) candidate.status = draft.status;
  if (notApplicable && draft.notApplicableReason)
    candidate.notApplicableReason = draft.notApplicableReason;
  if (notApplicable && draft.notApplicableText.trim())
    candidate.notApplicableText = draft.notApplicableText;
  if (draft.evidenceUrl.trim()) candidate.evidenceUrl = draft.evidenceUrl;
  if (draft.note.trim()) candidate.note = draft.note;

  const result = answerInputSchema.safeParse(candidate);
  if (result.success) return { input: result.data };
  const errors: AnswerFieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as AnswerField | undefined;
    if (field && !(field in errors)) {
      errors[field] =
        field === 'status' && !draft.status
          ? 'Choose a status'
          : capitalise(issue.message);
    }
  }
  return { errors };
}
