import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ScorecardResponse } from '@prodready/plugin-readiness-common';
import { ReadinessApi } from '../../../api/ReadinessApi';
import { clickButton, openDialog } from '../../../__testUtils__/dialogs';
import {
  conflictError,
  OWNER,
  renderReadiness,
} from '../../../__testUtils__/render';
import {
  model,
  paymentsApi,
  scorecardOf,
  storedAnswer,
} from '../../../__testUtils__/scorecards';
import { EntityReadinessContent } from './EntityReadinessContent';

/*
 * Reloads of the scorecard (after a 409) that answer late must not replace
 * what the user saved or what a later reload read.
 */

const entity = paymentsApi();
const row = (checkId: string) => screen.getByTestId(`check-row-${checkId}`);
const titleOf = (checkId: string) =>
  model.checks.find(c => c.id === checkId)!.title;

function apiWith(api: Partial<ReadinessApi>): Partial<ReadinessApi> {
  return {
    getModel: async () => model,
    getHistory: async () => ({ changes: [], snapshots: [] }),
    getEntityCampaigns: async () => ({ items: [] }),
    listExemptions: async () => ({ items: [], maxDays: 180 }),
    ...api,
  };
}

/** A response the test sends when it likes, as a slow backend would. */
function later() {
  let send: (response: ScorecardResponse) => void = () => {};
  const response = new Promise<ScorecardResponse>(resolve => {
    send = resolve;
  });
  return { response, send: (r: ScorecardResponse) => act(async () => send(r)) };
}

describe('EntityReadinessContent reloads', () => {
  it('keeps the answer applied on top of a 409 when the reload the 409 started answers later', async () => {
    const checkId = 'resiliency.multi-region';
    const theirs = storedAnswer(checkId, {
      status: 'partially-met',
      version: 2,
      answeredBy: 'user:default/bob',
    });
    const mine = storedAnswer(checkId, { status: 'met', version: 3 });
    const reload = later();
    const getScorecard = jest
      .fn()
      .mockResolvedValueOnce({ scorecard: scorecardOf(entity), stale: false })
      .mockReturnValueOnce(reload.response);
    const putAnswer = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(theirs))
      .mockResolvedValueOnce({
        answer: mine,
        scorecard: scorecardOf(entity, { answers: [mine] }),
      });
    await renderReadiness(<EntityReadinessContent />, {
      api: apiWith({ getScorecard, putAnswer }),
      grants: OWNER,
      entity,
    });

    const dialog = await openDialog(`Answer ${titleOf(checkId)}`);
    await userEvent.click(within(dialog).getByLabelText('Met'));
    await clickButton(dialog, 'Save answer');
    await within(dialog).findByText('Someone else changed this answer');
    // The 409 asked for the scorecard again; it has not answered yet.
    expect(getScorecard).toHaveBeenCalledTimes(2);
    await clickButton(dialog, 'Apply my edit on top');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(row(checkId)).getByText('Met')).toBeInTheDocument();

    // It answers now, with what was stored before the user's edit.
    await reload.send({
      scorecard: scorecardOf(entity, { answers: [theirs] }),
      stale: false,
    });
    expect(within(row(checkId)).getByText('Met')).toBeInTheDocument();
    expect(
      within(row(checkId)).queryByText('Partially met'),
    ).not.toBeInTheDocument();
  });

  it("reads the history again after a 409, where the other user's change is listed", async () => {
    const checkId = 'resiliency.multi-region';
    const theirs = storedAnswer(checkId, {
      status: 'partially-met',
      version: 2,
      answeredBy: 'user:default/bob',
    });
    const getHistory = jest.fn(async () => ({ changes: [], snapshots: [] }));
    const putAnswer = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(theirs));
    await renderReadiness(<EntityReadinessContent />, {
      api: apiWith({
        getScorecard: async () => ({
          scorecard: scorecardOf(entity),
          stale: false,
        }),
        getHistory,
        putAnswer,
      }),
      grants: OWNER,
      entity,
    });
    const dialog = await openDialog(`Answer ${titleOf(checkId)}`);
    await waitFor(() => expect(getHistory).toHaveBeenCalledTimes(1));
    await userEvent.click(within(dialog).getByLabelText('Met'));
    await clickButton(dialog, 'Save answer');
    await within(dialog).findByText('Someone else changed this answer');
    await waitFor(() => expect(getHistory).toHaveBeenCalledTimes(2));
  });

  it('sends a reload asked for while another is under way, and shows what the later one read', async () => {
    const first = 'scalability.load-test';
    const second = 'scalability.sizing';
    const byBob = { answeredBy: 'user:default/bob' };
    const seen = [storedAnswer(first, byBob), storedAnswer(second, byBob)];
    // Bob changed the first answer, then the second.
    const firstChanged = storedAnswer(first, {
      ...byBob,
      status: 'partially-met',
      version: 2,
    });
    const bothChanged = storedAnswer(second, {
      ...byBob,
      status: 'not-met',
      version: 2,
    });
    const slowReload = later();
    const getScorecard = jest
      .fn()
      .mockResolvedValueOnce({
        scorecard: scorecardOf(entity, { answers: seen }),
        stale: false,
      })
      .mockReturnValueOnce(slowReload.response)
      .mockResolvedValueOnce({
        scorecard: scorecardOf(entity, {
          answers: [firstChanged, bothChanged],
        }),
        stale: false,
      });
    const reviewAnswer = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(firstChanged))
      .mockRejectedValueOnce(await conflictError(bothChanged));
    await renderReadiness(<EntityReadinessContent />, {
      api: apiWith({ getScorecard, reviewAnswer }),
      grants: { ...OWNER, 'readiness.answer.review': true },
      entity,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: `Sign off ${titleOf(first)}` }),
    );
    await screen.findByText(/changed by someone else/);
    await userEvent.click(
      screen.getByRole('button', { name: `Sign off ${titleOf(second)}` }),
    );
    await waitFor(() => expect(reviewAnswer).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(within(row(second)).getByText('Not met')).toBeInTheDocument(),
    );

    // The first reload answers last, with the second answer as it was.
    await slowReload.send({
      scorecard: scorecardOf(entity, { answers: [firstChanged, seen[1]] }),
      stale: false,
    });
    expect(within(row(second)).getByText('Not met')).toBeInTheDocument();
    expect(within(row(first)).getByText('Partially met')).toBeInTheDocument();
  });
});
