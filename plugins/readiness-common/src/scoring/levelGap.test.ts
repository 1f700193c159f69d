import {
  catalogOf,
  component,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import { ReadinessEngine } from './engine';
import { gapToLevel } from './levelGap';

// The tiny model: a.one gates Bronze, b.one Silver, b.two Gold.
const model = tinyModel();
const engine = new ReadinessEngine(model, []);
const context = { now: NOW, catalog: catalogOf([]) };
const scored = (answers: Record<string, string>) =>
  engine.score(
    {
      entity: component(
        'svc',
        Object.fromEntries(
          Object.entries(answers).map(([id, v]) => [
            `prodready.dev/check.${id}`,
            v,
          ]),
        ),
      ),
    },
    context,
  );
const ids = (gap: ReturnType<typeof gapToLevel>) =>
  gap.missing.map(r => r.checkId);

describe('gapToLevel', () => {
  it('lists the failing gates of the level and every level below it', () => {
    const scorecard = scored({ 'b.two': 'met' });
    const gold = gapToLevel(model, scorecard, 'gold');
    expect(gold.reached).toBe(false);
    expect(ids(gold).sort()).toEqual(['a.one', 'b.one']);
    expect(ids(gapToLevel(model, scorecard, 'bronze'))).toEqual(['a.one']);
  });

  it('counts a level as reached when the entity holds it or a higher one', () => {
    const scorecard = scored({ 'a.one': 'met', 'b.one': 'met' });
    expect(scorecard.level).toBe('silver');
    expect(gapToLevel(model, scorecard, 'bronze')).toEqual({
      reached: true,
      missing: [],
    });
    expect(gapToLevel(model, scorecard, 'silver').reached).toBe(true);
    const gold = gapToLevel(model, scorecard, 'gold');
    expect(gold.reached).toBe(false);
    expect(ids(gold)).toEqual(['b.two']);
  });

  it('lets a not-applicable gate pass and a partly met one fail', () => {
    const scorecard = scored({
      'a.one': 'na; reason=out-of-scope; note=no data',
      'b.one': 'partially-met',
    });
    expect(ids(gapToLevel(model, scorecard, 'silver'))).toEqual(['b.one']);
  });

  it('refuses a level the model does not have', () => {
    expect(() => gapToLevel(model, scored({}), 'platinum')).toThrow(
      "'platinum' is not a level of the model",
    );
  });
});
