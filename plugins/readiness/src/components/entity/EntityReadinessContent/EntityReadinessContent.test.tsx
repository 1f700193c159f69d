import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityScorecard } from '@prodready/plugin-readiness-common';
import { ReadinessApi } from '../../../api/ReadinessApi';
import {
  clickButton,
  openDialog,
  submitAnswer,
} from '../../../__testUtils__/dialogs';
import {
  conflictError,
  OWNER,
  READER,
  renderReadiness,
} from '../../../__testUtils__/render';
import {
  daysFromNow,
  ENTITY_REF,
  model,
  paymentsApi,
  scorecardApi,
  scorecardOf,
  storedAnswer,
} from '../../../__testUtils__/scorecards';
import { EntityReadinessContent } from './EntityReadinessContent';

function apiFor(
  scorecard: EntityScorecard,
  extra: Partial<ReadinessApi> = {},
  stale = false,
): Partial<ReadinessApi> {
  return {
    ...scorecardApi(scorecard, stale),
    // A check's details list its exemptions: none here.
    listExemptions: async () => ({ items: [], maxDays: 180 }),
    getHistory: jest.fn(async () => ({
      changes: [
        {
          id: 7,
          entityRef: ENTITY_REF,
          subject: 'answer' as const,
          subjectId: 'scalability.sizing',
          action: 'set' as const,
          before: null,
          after: storedAnswer('scalability.sizing', {
            status: 'partially-met',
          }),
          actor: 'user:default/alice',
          at: '2026-11-20T10:00:00.000Z',
        },
      ],
      snapshots: [
        { day: '2026-11-01', score: 20 },
        { day: '2026-11-20', score: scorecard.score },
      ],
    })),
    ...extra,
  };
}

// The whole tab renders forty checks; give it time on a busy machine.

const row = (checkId: string) => screen.getByTestId(`check-row-${checkId}`);

describe('EntityReadinessContent', () => {
  it('shows the score, level, lifecycle gate, validation problems and history', async () => {
    const entity = paymentsApi({
      'prodready.dev/check.security.pen-test': 'done',
    });
    const scorecard = scorecardOf(entity);
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecard, {}, true),
      entity,
    });

    expect(await screen.findByTestId('readiness-score')).toHaveTextContent(
      `${scorecard.score}%`,
    );
    expect(scorecard.lifecycleGate.passed).toBe(false);
    expect(screen.getByText(/In production below Bronze/)).toBeInTheDocument();
    expect(screen.getByText('Stale')).toBeInTheDocument();
    // The malformed annotation is listed with its key, and marked on its row.
    expect(
      within(
        screen.getByRole('list', { name: 'Annotation problems' }),
      ).getByText('prodready.dev/check.security.pen-test'),
    ).toBeInTheDocument();
    expect(
      within(row('security.pen-test')).getByText('Invalid annotation'),
    ).toBeInTheDocument();
    // What the next level misses, from scorecard.nextLevel.
    const missing = screen.getByRole('list', { name: 'Missing for Bronze' });
    for (const id of scorecard.nextLevel!.missingChecks) {
      const title = model.checks.find(c => c.id === id)!.title;
      expect(
        within(missing).getByRole('button', { name: title }),
      ).toBeInTheDocument();
    }
    // One section per category with its score and risk.
    for (const category of scorecard.categories) {
      const title = model.categories.find(
        c => c.id === category.categoryId,
      )!.title;
      expect(
        screen.getByLabelText(
          `${title} score ${
            category.score === null ? 'n/a' : `${category.score}%`
          }`,
        ),
      ).toBeInTheDocument();
    }
    expect(
      within(row('resiliency.multi-region')).getByText('Not met'),
    ).toBeInTheDocument();
    expect(
      within(row('monitoring.metrics')).getByText('Annotation'),
    ).toBeInTheDocument();
    expect(
      within(row('monitoring.metrics')).getByRole('link', {
        name: /^Evidence for Key metrics monitored/,
      }),
    ).toHaveAttribute('href', 'https://grafana.example.com/d/payments');
    // History: the change in words and the trend chart's label.
    expect(
      await screen.findByText(/answered/, { selector: 'span *, span' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /Score trend.*20% on 1 Nov 2026/ }),
    ).toBeInTheDocument();
  });

  it('is read-only with a hint for users the permission framework denies', async () => {
    const entity = paymentsApi();
    const { permissionApi } = await renderReadiness(
      <EntityReadinessContent />,
      {
        api: apiFor(scorecardOf(entity)),
        grants: READER,
        entity,
      },
    );
    expect(await screen.findByTestId('readiness-read-only')).toHaveTextContent(
      /only the owners of/,
    );
    expect(
      screen.queryByRole('button', { name: /^Answer / }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Assign holders/ }),
    ).not.toBeInTheDocument();
    expect(permissionApi.requests).toContainEqual({
      name: 'readiness.answer.update',
      resourceRef: ENTITY_REF,
    });
  });

  it('lets an owner answer a check and shows the score the API reports', async () => {
    const entity = paymentsApi();
    const before = scorecardOf(entity);
    const answer = storedAnswer('scalability.load-test', {
      evidenceUrl: 'https://reports.example.com/load',
    });
    const after = scorecardOf(entity, { answers: [answer] });
    expect(after.score).not.toBe(before.score);
    const putAnswer = jest.fn(async () => ({ answer, scorecard: after }));
    const api = apiFor(before, { putAnswer });
    const { alerts } = await renderReadiness(<EntityReadinessContent />, {
      api,
      grants: OWNER,
      entity,
    });

    const dialog = await openDialog('Answer Realistic load test run');
    await submitAnswer(dialog, {
      status: 'Met',
      evidenceUrl: 'https://reports.example.com/load',
    });

    expect(putAnswer).toHaveBeenCalledWith(
      ENTITY_REF,
      'scalability.load-test',
      {
        status: 'met',
        evidenceUrl: 'https://reports.example.com/load',
        version: 0,
      },
    );
    await waitFor(() =>
      expect(screen.getByTestId('readiness-score')).toHaveTextContent(
        `${after.score}%`,
      ),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      within(row('scalability.load-test')).getByText('Portal'),
    ).toBeInTheDocument();
    // The history is fetched again after the write.
    expect(api.getHistory).toHaveBeenCalledTimes(2);
    expect(alerts.map(alert => alert.message)).toEqual([
      'Saved the answer to "Realistic load test run"',
    ]);
  });

  it('keeps the edit through a 409 and re-applies it on top of the newer answer', async () => {
    const entity = paymentsApi();
    const mine = storedAnswer('scalability.load-test', {
      status: 'not-met',
      version: 1,
    });
    const scorecard = scorecardOf(entity, { answers: [mine] });
    const theirs = storedAnswer('scalability.load-test', {
      status: 'partially-met',
      answeredBy: 'user:default/bob',
      note: 'half the journeys',
      version: 2,
    });
    const saved = storedAnswer('scalability.load-test', { version: 3 });
    const putAnswer = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(theirs))
      .mockResolvedValueOnce({
        answer: saved,
        scorecard: scorecardOf(entity, { answers: [saved] }),
      });
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecard, { putAnswer }),
      grants: OWNER,
      entity,
    });

    const dialog = await openDialog('Answer Realistic load test run');
    await submitAnswer(dialog, { status: 'Met', note: 'ran on Friday' });

    expect(putAnswer).toHaveBeenLastCalledWith(
      ENTITY_REF,
      'scalability.load-test',
      expect.objectContaining({ version: 1 }),
    );
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this answer');
    expect(alert).toHaveTextContent('Partially met');
    expect(alert).toHaveTextContent('version 2');
    expect(within(dialog).getByLabelText('Note')).toHaveValue('ran on Friday');

    await clickButton(dialog, 'Apply my edit on top');
    expect(putAnswer).toHaveBeenLastCalledWith(
      ENTITY_REF,
      'scalability.load-test',
      {
        status: 'met',
        note: 'ran on Friday',
        version: 2,
      },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the tab and the open dialog with its draft when the reload after a 409 fails', async () => {
    const entity = paymentsApi();
    const mine = storedAnswer('scalability.load-test', { version: 1 });
    const theirs = storedAnswer('scalability.load-test', {
      version: 2,
      answeredBy: 'user:default/bob',
    });
    const scorecard = scorecardOf(entity, { answers: [mine] });
    // The first read works; the reload the 409 starts meets a network blip.
    const getScorecard = jest
      .fn()
      .mockResolvedValueOnce({ scorecard, stale: false })
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue({ scorecard, stale: false });
    const putAnswer = jest.fn().mockRejectedValue(await conflictError(theirs));
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecard, { getScorecard, putAnswer }),
      grants: OWNER,
      entity,
    });

    const dialog = await openDialog('Answer Realistic load test run');
    await submitAnswer(dialog, { status: 'Met', note: 'ran on Friday' });
    await waitFor(() => expect(getScorecard).toHaveBeenCalledTimes(2));
    const warning = await screen.findByText(
      /Could not read the scorecard again/,
    );
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(within(dialog).getByLabelText('Note')).toHaveValue('ran on Friday');
    expect(screen.getByTestId('readiness-score')).toBeInTheDocument();

    // Once the dialog is closed, Retry reads it again, and the warning goes.
    await clickButton(dialog, 'Cancel');
    await userEvent.click(
      within(warning.closest('[role="alert"]') as HTMLElement).getByRole(
        'button',
        { name: 'Retry' },
      ),
    );
    await waitFor(() =>
      expect(
        screen.queryByText(/Could not read the scorecard again/),
      ).toBeNull(),
    );
  });

  it('filters failing, expiring and by category', async () => {
    const entity = paymentsApi({
      'prodready.dev/check.recoverability.restore-test': `met; date=${daysFromNow(
        -100,
      )}`,
      'prodready.dev/check.recoverability.backups': `met; date=${daysFromNow(
        -350,
      )}`,
      'prodready.dev/check.recoverability.dr-plan': `met; date=${daysFromNow(
        -10,
      )}`,
    });
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecardOf(entity)),
      entity,
    });
    await screen.findByTestId('check-row-monitoring.metrics');

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only failing checks' }),
    );
    expect(
      screen.queryByTestId('check-row-monitoring.metrics'),
    ).not.toBeInTheDocument();
    expect(row('resiliency.multi-region')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only failing checks' }),
    );

    await userEvent.click(
      screen.getByRole('checkbox', {
        name: /^Only expiring \(30 days\): checks expiring within 30 days/,
      }),
    );
    // Expired 10 days ago, expires in 15 days; the plan expires in about 355 days.
    expect(
      within(row('recoverability.restore-test')).getByText(/^Expired since/),
    ).toBeInTheDocument();
    expect(
      within(row('recoverability.backups')).getByText(/^Expires in \d+ days?$/),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('check-row-recoverability.dr-plan'),
    ).not.toBeInTheDocument();
    // Every check that applies to the entity is counted, whatever its status.
    const applicable = scorecardOf(entity).checks.length;
    expect(
      screen.getByText(`Showing 2 of ${applicable} checks`),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: /^Only expiring \(30 days\): checks expiring within 30 days/,
      }),
    );

    await userEvent.click(screen.getByLabelText('Category'));
    await userEvent.click(screen.getByRole('option', { name: 'Cost' }));
    expect(
      screen.queryByTestId('check-row-monitoring.metrics'),
    ).not.toBeInTheDocument();
    expect(row('cost.baseline-cost')).toBeInTheDocument();
  });

  it('re-attests, reverts and signs off with the version the user saw', async () => {
    const entity = paymentsApi({
      'prodready.dev/check.recoverability.restore-test': `met; date=${daysFromNow(
        -100,
      )}; evidence=https://wiki.example.com/restore`,
    });
    // Given by bob: nobody signs off their own answer.
    const portal = storedAnswer('cost.baseline-cost', {
      version: 4,
      answeredBy: 'user:default/bob',
    });
    const scorecard = scorecardOf(entity, { answers: [portal] });
    const api = apiFor(scorecard, {
      putAnswer: jest.fn(async () => ({ answer: portal, scorecard })),
      deleteAnswer: jest.fn(async () => ({ scorecard })),
      reviewAnswer: jest.fn(async () => ({ answer: portal, scorecard })),
    });
    const { alerts } = await renderReadiness(<EntityReadinessContent />, {
      api,
      grants: { ...OWNER, 'readiness.answer.review': true },
      entity,
    });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Re-attest Restore from backup tested',
      }),
    );
    expect(api.putAnswer).toHaveBeenCalledWith(
      ENTITY_REF,
      'recoverability.restore-test',
      {
        status: 'met',
        evidenceUrl: 'https://wiki.example.com/restore',
        version: 0,
      },
    );

    const title = model.checks.find(c => c.id === 'cost.baseline-cost')!.title;
    await userEvent.click(
      screen.getByRole('button', { name: `Sign off ${title}` }),
    );
    expect(api.reviewAnswer).toHaveBeenCalledWith(
      ENTITY_REF,
      'cost.baseline-cost',
      4,
    );

    await clickButton(
      await openDialog(`Revert the portal answer to ${title}`),
      'Revert',
    );
    expect(api.deleteAnswer).toHaveBeenCalledWith(
      ENTITY_REF,
      'cost.baseline-cost',
      4,
    );
    await waitFor(() =>
      expect(alerts.map(alert => alert.message)).toEqual([
        'Re-attested "Restore from backup tested"',
        `Signed off "${title}"`,
        `Reverted the portal answer to "${title}"`,
      ]),
    );
  });

  it('after a 409 on revert, shows the answer as it is now and reverts that one', async () => {
    const entity = paymentsApi();
    const mine = storedAnswer('cost.baseline-cost', { version: 4 });
    const theirs = storedAnswer('cost.baseline-cost', {
      version: 5,
      status: 'not-met',
      answeredBy: 'user:default/bob',
    });
    const before = scorecardOf(entity, { answers: [mine] });
    const after = scorecardOf(entity, { answers: [theirs] });
    const getScorecard = jest
      .fn()
      .mockResolvedValueOnce({ scorecard: before, stale: false })
      .mockResolvedValue({ scorecard: after, stale: false });
    const deleteAnswer = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(theirs))
      .mockResolvedValue({ scorecard: after });
    const { alerts } = await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(before, { getScorecard, deleteAnswer }),
      grants: OWNER,
      entity,
    });
    const title = model.checks.find(c => c.id === 'cost.baseline-cost')!.title;

    await clickButton(
      await openDialog(`Revert the portal answer to ${title}`),
      'Revert',
    );
    // The dialog of the answer as it was closes; the user is told why.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      screen.getByText(/Not reverted: someone changed the answer/),
    ).toBeInTheDocument();
    await waitFor(() => expect(getScorecard).toHaveBeenCalledTimes(2));
    expect(alerts).toEqual([]);

    // Reverting again reverts the answer as it is now.
    await clickButton(
      await openDialog(`Revert the portal answer to ${title}`),
      'Revert',
    );
    expect(deleteAnswer.mock.calls.map(call => call[2])).toEqual([4, 5]);
    await waitFor(() =>
      expect(alerts.map(alert => alert.message)).toEqual([
        `Reverted the portal answer to "${title}"`,
      ]),
    );
  });

  it('marks a conflict between annotation and portal and shows both sides', async () => {
    const entity = paymentsApi();
    const portal = storedAnswer('resiliency.multi-region', {
      status: 'met',
      version: 2,
    });
    const scorecard = scorecardOf(entity, { answers: [portal] });
    expect(
      scorecard.checks.find(c => c.checkId === 'resiliency.multi-region')!
        .conflict,
    ).toBeDefined();
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecard),
      entity,
    });

    const multiRegion = await screen.findByTestId(
      'check-row-resiliency.multi-region',
    );
    expect(within(multiRegion).getByText('Conflict')).toBeInTheDocument();
    await userEvent.click(
      within(multiRegion).getByRole('button', {
        name: /Show guidance and details/,
      }),
    );
    const details = document.getElementById(
      'check-details-resiliency.multi-region',
    )!;
    expect(
      within(details).getByText('Annotation says').parentElement,
    ).toHaveTextContent('Not met');
    expect(
      within(details).getByText('Portal says').parentElement,
    ).toHaveTextContent('Met');
    expect(
      within(details).getByText(
        model.checks.find(c => c.id === 'resiliency.multi-region')!.question,
      ),
    ).toBeInTheDocument();
  });

  it('explains how to answer when nobody has answered yet', async () => {
    const entity = paymentsApi();
    entity.metadata.annotations = {};
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecardOf(entity)),
      entity,
    });
    expect(
      await screen.findByText('No readiness answers yet'),
    ).toBeInTheDocument();
    expect(document.querySelector('pre')).toHaveTextContent(
      "prodready.dev/check.scalability.sizing: 'met;",
    );
  });

  it('opens the check a link points to', async () => {
    const entity = paymentsApi();
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecardOf(entity)),
      entity,
      routeEntries: ['/?check=scalability.load-test'],
    });
    const toggle = await within(
      await screen.findByTestId('check-row-scalability.load-test'),
    ).findByRole('button', { name: /Hide guidance and details/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    // Taken there: the next Tab goes on from the check.
    await waitFor(() => expect(toggle).toHaveFocus());
  });

  it("reads the entity's exemptions once for every check whose details are open, and not before", async () => {
    const entity = paymentsApi();
    const listExemptions = jest.fn(async () => ({ items: [], maxDays: 180 }));
    await renderReadiness(<EntityReadinessContent />, {
      api: apiFor(scorecardOf(entity), { listExemptions }),
      entity,
    });
    const toggles = await screen.findAllByRole('button', {
      name: /^Show guidance and details of/,
    });
    expect(listExemptions).not.toHaveBeenCalled();
    for (const toggle of toggles.slice(0, 4)) await userEvent.click(toggle);
    await waitFor(() => expect(listExemptions).toHaveBeenCalled());
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(listExemptions).toHaveBeenCalledTimes(1);
  });

  it('shows an error panel when the scorecard cannot be loaded', async () => {
    await renderReadiness(<EntityReadinessContent />, {
      api: {
        getModel: async () => model,
        getScorecard: async () => {
          throw new Error('readiness backend is down');
        },
        getHistory: async () => ({ changes: [], snapshots: [] }),
      },
      entity: paymentsApi(),
    });
    expect(
      (await screen.findAllByText(/readiness backend is down/)).length,
    ).toBeGreaterThan(0);
  });
});
