import { ReadinessDetector } from '../detectors';
import { EntityScorecard } from '../types';
import {
  catalogOf,
  component,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import { DetectorFailure } from './detection';
import { ReadinessEngine } from './engine';

/*
 * Detectors come from other modules. One that throws on an entity, or
 * answers what it may not, must not stop scoring, nor the full run that
 * scores every entity: its findings on that entity are left out and the
 * failure is reported.
 */

const context = { now: NOW, catalog: catalogOf(['group:default/team-a']) };

const statusOf = (scorecard: EntityScorecard, id: string) =>
  scorecard.checks.find(c => c.checkId === id)?.status;

/** A well-behaved detector answering b.one for every entity. */
const steady: ReadinessDetector = {
  id: 'steady',
  title: 'Steady',
  checkIds: ['b.one'],
  detect: () => [{ checkId: 'b.one', status: 'met', note: 'steady' }],
};

/** A detector of a.one that misbehaves as `detect` does. */
const faulty = (detect: () => unknown): ReadinessDetector => ({
  id: 'faulty',
  title: 'Faulty',
  checkIds: ['a.one'],
  detect: detect as ReadinessDetector['detect'],
});

function scoreWith(detector: ReadinessDetector) {
  const failures: DetectorFailure[] = [];
  const engine = new ReadinessEngine(tinyModel(), [detector, steady], {
    onDetectorFailure: failure => failures.push(failure),
  });
  const input = { entity: component('svc') };
  return {
    scorecard: engine.score(input, context),
    summary: engine.summarize(input, context),
    failures,
  };
}

describe('a detector that fails on an entity', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('lookup blew up');
      },
      'lookup blew up',
    ],
    ['returns no array', () => undefined, 'detect returned no array'],
    [
      'answers a check outside its checkIds',
      () => [{ checkId: 'b.one', status: 'not-met', note: 'x' }],
      "names check 'b.one', which is not one of its checkIds",
    ],
    [
      'gives a status the engine does not know',
      () => [{ checkId: 'a.one', status: 'Met', note: 'x' }],
      "has status 'Met'",
    ],
    [
      'gives a finding without a note',
      () => [{ checkId: 'a.one', status: 'met' }],
      'has no note',
    ],
    ['gives null as a finding', () => [null], 'is not an object'],
  ])(
    '%s: its findings there are left out, the others stand, and the failure is reported',
    (_case, detect, message) => {
      const { scorecard, summary, failures } = scoreWith(faulty(detect));
      expect(statusOf(scorecard, 'a.one')).toBe('unknown');
      expect(statusOf(scorecard, 'b.one')).toBe('met');
      expect(summary.member).toEqual(
        expect.objectContaining({ score: scorecard.score }),
      );
      // Reported for each scoring of the entity (here a score and a summary).
      expect(failures).toHaveLength(2);
      expect(failures[0]).toMatchObject({
        detectorId: 'faulty',
        entityRef: 'component:default/svc',
      });
      expect(failures[0].error.message).toContain(message);
    },
  );

  it('keeps every finding of a detector that answers as it may', () => {
    const { scorecard, failures } = scoreWith(
      faulty(() => [
        {
          checkId: 'a.one',
          status: 'partially-met',
          note: 'half',
          evidenceUrl: 'https://evidence.example.com',
        },
      ]),
    );
    expect(statusOf(scorecard, 'a.one')).toBe('partially-met');
    expect(failures).toEqual([]);
  });
});
