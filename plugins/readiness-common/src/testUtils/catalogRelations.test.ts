import { Entity } from '@backstage/catalog-model';
import { addCatalogRelations } from './catalogRelations';

const entity = (
  kind: string,
  name: string,
  spec: Entity['spec'] = {},
  relations?: Entity['relations'],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  ...(relations ? { relations } : {}),
});

const relationsOf = (e: Entity) =>
  (e.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();

describe('addCatalogRelations', () => {
  it('gives each entity the relations a catalog would, both ways and each once', () => {
    const division = entity('Group', 'division', {
      children: ['group:default/team'],
    });
    const team = entity('Group', 'team', { parent: 'division' });
    const user = entity('User', 'ada', { memberOf: ['team'] });
    const domain = entity('Domain', 'payments', { owner: 'division' });
    const system = entity('System', 'ledger', { owner: 'team' }, [
      { type: 'ownedBy', targetRef: 'group:default/team' },
      { type: 'partOf', targetRef: 'domain:default/payments' },
    ]);
    const api = entity('Component', 'api', { owner: 'team' }, [
      { type: 'ownedBy', targetRef: 'group:default/team' },
      { type: 'partOf', targetRef: 'system:default/ledger' },
      { type: 'dependsOn', targetRef: 'resource:default/db' },
      { type: 'dependsOn', targetRef: 'resource:default/gone' },
    ]);
    const db = entity('Resource', 'db', {}, []);
    const all = [division, team, user, domain, system, api, db];

    const count = addCatalogRelations(all);

    expect(
      Object.fromEntries(all.map(e => [e.metadata.name, relationsOf(e)])),
    ).toEqual({
      division: [
        'ownerOf domain:default/payments',
        'parentOf group:default/team',
      ],
      team: [
        'childOf group:default/division',
        'hasMember user:default/ada',
        'ownerOf component:default/api',
        'ownerOf system:default/ledger',
      ],
      ada: ['memberOf group:default/team'],
      payments: [
        'hasPart system:default/ledger',
        'ownedBy group:default/division',
      ],
      ledger: [
        'hasPart component:default/api',
        'ownedBy group:default/team',
        'partOf domain:default/payments',
      ],
      // A relation to an entity the catalog lacks stays on its source only.
      api: [
        'dependsOn resource:default/db',
        'dependsOn resource:default/gone',
        'ownedBy group:default/team',
        'partOf system:default/ledger',
      ],
      db: ['dependencyOf component:default/api'],
    });
    expect(count).toBe(all.reduce((n, e) => n + e.relations!.length, 0));
  });
});
