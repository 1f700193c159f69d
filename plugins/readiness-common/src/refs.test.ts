import fc from 'fast-check';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  domainRefOf,
  entityRefOf,
  kindOfRef,
  normalizeEntityRef,
  ownerRefOf,
  systemRefOf,
  tryNormalizeEntityRef,
} from './refs';
import { entity } from './__testUtils__/fixtures';

describe('normalizeEntityRef', () => {
  it.each([
    ['user:default/jane.doe', undefined, 'user:default/jane.doe'],
    ['User:Default/Jane.Doe', undefined, 'user:default/jane.doe'],
    ['jane', { defaultKind: 'user' }, 'user:default/jane'],
    [
      'jane',
      { defaultKind: 'user', defaultNamespace: 'payments' },
      'user:payments/jane',
    ],
    [
      'group:sre',
      { defaultKind: 'user', defaultNamespace: 'ops' },
      'group:ops/sre',
    ],
    ['ops/sre', { defaultKind: 'group' }, 'group:ops/sre'],
    ['component:default/a_b-c.d', undefined, 'component:default/a_b-c.d'],
  ])('normalises %j (%j) to %s', (ref, context, expected) => {
    expect(normalizeEntityRef(ref, context)).toBe(expected);
  });

  it.each([
    ['', undefined],
    ['jane', undefined], // no kind
    ['user:', undefined],
    ['user:default/', undefined],
    [':default/jane', undefined],
    ['user:default/jane doe', undefined],
    ['user:default/-jane', undefined],
    ['user:default/a/b', undefined],
    ['us er:default/jane', undefined],
    ['1user:default/jane', undefined],
    [`user:default/${'a'.repeat(64)}`, undefined],
    ['user:de fault/jane', undefined],
  ])('rejects %j', (ref, context) => {
    expect(() => normalizeEntityRef(ref, context)).toThrow();
    expect(tryNormalizeEntityRef(ref, context)).toBeUndefined();
  });

  it('agrees with the catalog model on valid refs and is idempotent', () => {
    const part = fc.stringMatching(
      /^[A-Za-z0-9][-_.A-Za-z0-9]{0,20}[A-Za-z0-9]$/,
    );
    const kind = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/);
    fc.assert(
      fc.property(kind, part, part, (k, ns, name) => {
        const ref = `${k}:${ns}/${name}`;
        const normal = normalizeEntityRef(ref);
        const parsed = parseEntityRef(ref);
        expect(normal).toBe(
          `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLowerCase(),
        );
        expect(normalizeEntityRef(normal)).toBe(normal);
      }),
    );
  });
});

describe('tryNormalizeEntityRef', () => {
  it('trims, and returns undefined for anything but a non-empty string', () => {
    expect(tryNormalizeEntityRef('  user:default/jane ')).toBe(
      'user:default/jane',
    );
    expect(tryNormalizeEntityRef(undefined)).toBeUndefined();
    expect(tryNormalizeEntityRef(42)).toBeUndefined();
    expect(tryNormalizeEntityRef('   ')).toBeUndefined();
  });
});

describe('entityRefOf and kindOfRef', () => {
  it('give the normal ref of an entity and the kind of a ref', () => {
    expect(
      entityRefOf(entity('Component', 'Payments-API', { namespace: 'Shop' })),
    ).toBe('component:shop/payments-api');
    const noNamespace = entity('System', 'pay');
    delete noNamespace.metadata.namespace;
    expect(entityRefOf(noNamespace)).toBe('system:default/pay');
    expect(kindOfRef('group:default/sre')).toBe('group');
  });
});

describe('ownerRefOf', () => {
  it('prefers the ownedBy relation, else reads spec.owner as a group in the entity namespace', () => {
    expect(
      ownerRefOf(
        entity('Component', 'svc', {
          spec: { owner: 'team-b' },
          relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
        }),
      ),
    ).toBe('group:default/team-a');
    expect(
      ownerRefOf(
        entity('Component', 'svc', {
          namespace: 'shop',
          spec: { owner: 'Team-B' },
        }),
      ),
    ).toBe('group:shop/team-b');
    expect(
      ownerRefOf(entity('Component', 'svc', { spec: { owner: 'user:alice' } })),
    ).toBe('user:default/alice');
    expect(ownerRefOf(entity('Component', 'svc'))).toBeUndefined();
    expect(
      ownerRefOf(entity('Component', 'svc', { spec: { owner: 'not a ref' } })),
    ).toBeUndefined();
  });
});

describe('systemRefOf', () => {
  it('reads spec.system of components, resources and APIs, as a name or a full ref', () => {
    expect(
      systemRefOf(entity('Component', 'svc', { spec: { system: 'payments' } })),
    ).toBe('system:default/payments');
    expect(
      systemRefOf(
        entity('Resource', 'db', {
          namespace: 'shop',
          spec: { system: 'Payments' },
        }),
      ),
    ).toBe('system:shop/payments');
    expect(
      systemRefOf(entity('API', 'api', { spec: { system: 'system:ops/pay' } })),
    ).toBe('system:ops/pay');
    expect(
      systemRefOf(entity('System', 'pay', { spec: { system: 'other' } })),
    ).toBeUndefined();
    expect(
      systemRefOf(entity('Component', 'svc', { spec: { system: 'a b' } })),
    ).toBeUndefined();
    expect(systemRefOf(entity('Component', 'svc'))).toBeUndefined();
  });
});

describe('domainRefOf', () => {
  it('reads spec.domain as a name or a full ref, in the entity namespace by default', () => {
    expect(
      domainRefOf(entity('System', 'pay', { spec: { domain: 'commerce' } })),
    ).toBe('domain:default/commerce');
    expect(
      domainRefOf(
        entity('System', 'pay', { spec: { domain: 'domain:ops/Infra' } }),
      ),
    ).toBe('domain:ops/infra');
    expect(domainRefOf(entity('System', 'pay'))).toBeUndefined();
  });
});
