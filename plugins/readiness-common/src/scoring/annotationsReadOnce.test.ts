import { Entity } from '@backstage/catalog-model';
import { COST_ANNOTATION_KEY } from '../annotationGrammar';
import { catalogDetectors } from '../detectors';
import { buildReadinessModel } from '../model/buildModel';
import { catalogOf, component, NOW } from '../__testUtils__/fixtures';
import { ReadinessEngine } from './engine';

const context = {
  now: NOW,
  catalog: catalogOf(['group:default/team-a', 'user:default/alice']),
};

/** `entity` with annotations that count how often they are listed (each read lists them once). */
function counted(entity: Entity) {
  const reads = { count: 0 };
  entity.metadata.annotations = new Proxy(entity.metadata.annotations!, {
    ownKeys(target) {
      reads.count++;
      return Reflect.ownKeys(target);
    },
  });
  return { entity, reads };
}

const annotated = () =>
  component('svc', {
    'prodready.dev/check.support.runbooks': 'met; date=2026-11-01',
    'prodready.dev/check.scalability.load-test': 'not-met',
    'prodready.dev/role.devops-lead': 'user:default/alice',
    // Malformed: scoring reports a problem for it.
    [COST_ANNOTATION_KEY]: 'not a cost table',
  });

describe('how often the engine reads an entity’s annotations', () => {
  const engine = new ReadinessEngine(buildReadinessModel(), catalogDetectors);

  it('reads them once when it is asked what they hand down before it scores the entity', () => {
    const { entity, reads } = counted(annotated());
    const handedDown = engine.inheritableFrom(entity);
    expect([...handedDown.roles.keys()]).toEqual(['devops-lead']);
    const summary = engine.summarize({ entity }, context);
    expect(reads.count).toBe(1);
    // As scored from a fresh read.
    expect(summary).toEqual(engine.summarize({ entity: annotated() }, context));
  });

  it('reads them again for each later scoring, with the same problems each time', () => {
    const { entity, reads } = counted(annotated());
    engine.inheritableFrom(entity);
    const first = engine.score({ entity }, context);
    const second = engine.score({ entity }, context);
    expect(reads.count).toBe(2);
    expect(second).toEqual(first);
    expect(
      first.problems.filter(p => p.key === COST_ANNOTATION_KEY),
    ).toHaveLength(1);
  });

  it('hands down answers in the order of the annotations, portal answers over them', () => {
    const system = component('shop', {
      'prodready.dev/check.support.runbooks': 'met',
      'prodready.dev/check.monitoring.metrics': 'met',
      'prodready.dev/check.scalability.load-test': 'met; date=2026-10-01',
    });
    const handedDown = engine.inheritableFrom(system, [
      {
        checkId: 'monitoring.metrics',
        status: 'not-met',
        source: 'portal',
        answeredBy: 'user:default/alice',
        answeredAt: '2026-11-01T09:00:00.000Z',
        version: 1,
      },
    ]);
    expect(
      [...handedDown.answers.values()].map(a => [a.checkId, a.status]),
    ).toEqual([
      ['support.runbooks', 'met'],
      ['monitoring.metrics', 'not-met'],
      ['scalability.load-test', 'met'],
    ]);
  });
});
