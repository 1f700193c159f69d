import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityScorecard } from '@prodready/plugin-readiness-common';
import { readinessApiRef } from '../api/ReadinessApi';
import {
  CheckRowData,
  portalAnswerOf,
  portalAnswerVersion,
  reattestInput,
} from '../lib/checks';
import { conflictOf, errorMessage } from '../lib/errors';
import { useSuccessNotice } from './useSuccessNotice';

/**
 * The writes of the check list (re-attest, sign off, revert, the answer
 * dialog's save) and
 * which dialog is open. Each write sends the version of the portal answer
 * the user saw; a failure is kept for the page to show, and a 409 asks the
 * page to fetch the newer state.
 */
export function useCheckActions(options: {
  entityRef: string;
  onChanged: (scorecard: EntityScorecard | undefined) => void;
  onStale: () => void;
}) {
  const { entityRef, onChanged, onStale } = options;
  const api = useApi(readinessApiRef);
  const notify = useSuccessNotice();
  const [editing, setEditing] = useState<CheckRowData>();
  const [reverting, setReverting] = useState<CheckRowData>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const run = async (
    what: string,
    write: () => Promise<{ scorecard?: EntityScorecard }>,
  ) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const response = await write();
      onChanged(response.scorecard);
      notify(what);
    } catch (error) {
      setFailure(errorMessage(error));
      if (conflictOf(error)) onStale();
    } finally {
      setBusy(false);
    }
  };

  const reattest = (row: CheckRowData) => {
    const answer = portalAnswerOf(row.result) ?? row.result.answer;
    if (!answer) return Promise.resolve();
    return run(`Re-attested "${row.definition.title}"`, () =>
      api.putAnswer(entityRef, row.definition.id, {
        ...reattestInput(answer),
        version: portalAnswerVersion(row.result),
      }),
    );
  };

  const review = (row: CheckRowData) =>
    run(`Signed off "${row.definition.title}"`, () =>
      api.reviewAnswer(
        entityRef,
        row.definition.id,
        portalAnswerVersion(row.result),
      ),
    );

  /**
   * Reverts the portal answer; throws so the confirmation dialog shows the
   * error. On a 409 the dialog closes instead: it holds the answer as the
   * user saw it, which someone changed since, so the list is read again
   * and the user decides again on what it shows now.
   */
  const revert = async (row: CheckRowData) => {
    try {
      const response = await api.deleteAnswer(
        entityRef,
        row.definition.id,
        portalAnswerVersion(row.result),
      );
      setReverting(undefined);
      onChanged(response.scorecard);
      notify(`Reverted the portal answer to "${row.definition.title}"`);
    } catch (error) {
      if (!conflictOf(error)) throw error;
      setReverting(undefined);
      setFailure(
        `Not reverted: someone changed the answer to "${row.definition.title}" meanwhile. The list shows it now; revert again if you still want to.`,
      );
      onStale();
    }
  };

  /** The answer dialog saved the check it was opened on. */
  const saved = (scorecard: EntityScorecard | undefined) => {
    if (editing) notify(`Saved the answer to "${editing.definition.title}"`);
    setEditing(undefined);
    onChanged(scorecard);
  };

  return {
    editing,
    setEditing,
    saved,
    reverting,
    setReverting,
    busy,
    failure,
    clearFailure: () => setFailure(undefined),
    reattest,
    review,
    revert,
  };
}
