import { render, screen } from '@testing-library/react';
import { rollup } from '../../../__testUtils__/rollups';
import { model } from '../../../__testUtils__/scorecards';
import { ReadinessHeatMap } from './ReadinessHeatMap';

describe('ReadinessHeatMap', () => {
  it('has a cell per category with the mean score and the number of entities', () => {
    const engineering = rollup('group:default/engineering');
    render(
      <ReadinessHeatMap
        model={model}
        rows={[{ rollup: engineering }]}
        caption="Scores by category"
      />,
    );
    expect(
      screen.getByRole('table', { name: 'Scores by category' }),
    ).toBeInTheDocument();
    for (const category of model.categories) {
      const score = engineering.categories[category.id];
      const scored = engineering.aggregate.categories[category.id]?.scored ?? 0;
      const name =
        score === null || score === undefined
          ? `Engineering, ${category.title}: no entity scored`
          : `Engineering, ${category.title}: ${score}% (${scored} ${
              scored === 1 ? 'entity' : 'entities'
            } scored)`;
      expect(screen.getByRole('img', { name })).toHaveTextContent(
        score === null || score === undefined ? '–' : String(Math.round(score)),
      );
    }
    expect(
      screen.getByRole('img', {
        name: `Engineering, Overall: ${engineering.score}% (3 entities scored)`,
      }),
    ).toBeInTheDocument();
  });

  it('marks cells nobody scored', () => {
    const empty = {
      ...rollup('group:default/acme'),
      categories: {},
      score: null,
    };
    render(
      <ReadinessHeatMap model={model} rows={[{ rollup: empty }]} caption="c" />,
    );
    expect(
      screen.getByRole('img', {
        name: 'ACME Corp, Security: no entity scored',
      }),
    ).toHaveTextContent('–');
  });
});
