import { toCsv } from './csv';
import { rollupCsvColumns, scorecardCsvColumns } from './columns';
import { buildReadinessModel } from '../model/buildModel';
import { ScorecardSummary } from '../api/types';
import { addToAggregate, emptyAggregate } from '../scoring/rollupAggregate';
import { Rollup } from '../types';

const model = buildReadinessModel();

describe('scorecardCsvColumns', () => {
  it('names every category and level by id, so an export survives a renamed title', () => {
    const headers = scorecardCsvColumns(model).map(c => c.header);
    for (const category of model.categories) {
      expect(headers).toContain(`category:${category.id}`);
      expect(headers).not.toContain(category.title);
    }
    expect(new Set(headers).size).toBe(headers.length);
  });

  it('writes one line per scorecard with its figures', () => {
    const summary: ScorecardSummary = {
      entityRef: 'component:default/cart',
      kind: 'component',
      title: '=cart',
      owner: 'group:default/shop',
      score: 42.5,
      level: null,
      categories: { [model.categories[0].id]: 50 },
      gateFailures: 2,
      productionBelowGate: true,
      roleProblems: 1,
      computedAt: '2026-12-01T00:00:00.000Z',
    };
    const [header, line] = toCsv(scorecardCsvColumns(model), [summary]).split(
      '\r\n',
    );
    const cells = Object.fromEntries(
      header.split(',').map((h, i) => [h, line.split(',')[i]]),
    );
    expect(cells).toMatchObject({
      entityRef: 'component:default/cart',
      title: "'=cart",
      score: '42.5',
      level: '',
      gateFailures: '2',
      productionBelowGate: 'true',
      [`category:${model.categories[0].id}`]: '50',
      [`category:${model.categories[1].id}`]: '',
    });
  });
});

describe('rollupCsvColumns', () => {
  it('counts entities per level, those without a level under none', () => {
    const headers = rollupCsvColumns(model).map(c => c.header);
    expect(headers).toEqual(
      expect.arrayContaining([
        'level:none',
        ...model.levels.map(l => `level:${l.id}`),
      ]),
    );
  });

  it('counts entities that are not assessed in a column of their own', () => {
    const aggregate = addToAggregate(emptyAggregate(), {
      entityRef: 'component:default/queue',
      kind: 'component',
      score: null,
      categories: {},
      level: null,
      notAssessed: true,
      gateFailures: 0,
      productionBelowGate: false,
      roleProblems: 0,
    });
    const rollup: Rollup = {
      ref: 'group:default/shop',
      kind: 'group',
      children: [],
      score: null,
      categories: {},
      aggregate,
    };
    const [header, line] = toCsv(rollupCsvColumns(model), [{ rollup }]).split(
      '\r\n',
    );
    const cells = Object.fromEntries(
      header.split(',').map((h, i) => [h, line.split(',')[i]]),
    );
    expect(cells).toMatchObject({
      'level:not-assessed': '1',
      'level:none': '0',
    });
  });
});

describe('the level of a scorecard that is not assessed', () => {
  it('is written as not-assessed, as rollups count it', () => {
    const summary: ScorecardSummary = {
      entityRef: 'resource:default/queue',
      kind: 'resource',
      score: null,
      level: null,
      notAssessed: true,
      categories: {},
      gateFailures: 0,
      productionBelowGate: true,
      roleProblems: 0,
      computedAt: '2026-12-01T00:00:00.000Z',
    };
    const [header, line] = toCsv(scorecardCsvColumns(model), [summary]).split(
      '\r\n',
    );
    const cells = Object.fromEntries(
      header.split(',').map((h, i) => [h, line.split(',')[i]]),
    );
    expect(cells.level).toBe('not-assessed');
  });
});
