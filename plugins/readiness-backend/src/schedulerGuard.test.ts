import { ConfigReader } from '@backstage/config';
import { schedulerGuard, scopedStaticTokens } from './schedulerGuard';

const TRIGGER =
  '/api/readiness/.backstage/scheduler/v1/tasks/readiness-compute/trigger';

/** An unsigned JWT with this header and these claims (the guard reads, never verifies). */
function jwt(header: object, claims: object): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256', ...header })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** The demo's two kinds of static token: a pipeline's, limited to permissions, and an operator's. */
const config = new ConfigReader({
  backend: {
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: 'pipeline-token', subject: 'ci' },
          accessRestrictions: [
            { plugin: 'readiness', permission: 'readiness.result.create' },
          ],
        },
        {
          type: 'static',
          options: { token: 'operator-token', subject: 'ops' },
          accessRestrictions: [{ plugin: 'readiness' }],
        },
      ],
    },
  },
});

/** Whether the guard refuses a POST to `path` with this bearer token. */
function refuses(token: string | undefined, path = TRIGGER): boolean {
  const guard = schedulerGuard(scopedStaticTokens(config));
  let refusal: unknown;
  guard(
    {
      method: 'POST',
      path,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    } as any,
    {} as any,
    error => {
      refusal = error;
    },
  );
  return !!refusal;
}

describe('schedulerGuard', () => {
  it("refuses every token Backstage takes for a user's", () => {
    for (const token of [
      jwt({ typ: 'vnd.backstage.user' }, { sub: 'user:default/bob' }),
      jwt({ typ: 'vnd.backstage.limited-user' }, { sub: 'user:default/bob' }),
      // A legacy user token: no type, Backstage's audience.
      jwt({}, { aud: 'backstage', sub: 'user:default/bob' }),
      // A plugin's token on a user's behalf.
      jwt({ typ: 'vnd.backstage.plugin' }, { sub: 'plugin:catalog', obo: 'x' }),
    ]) {
      expect(refuses(token)).toBe(true);
    }
  });

  it('refuses a static token limited to some permissions', () => {
    expect(refuses('pipeline-token')).toBe(true);
  });

  it("lets services through: other static tokens, plugins' own, legacy and JWKS external tokens", () => {
    for (const token of [
      'operator-token',
      jwt({ typ: 'vnd.backstage.plugin' }, { sub: 'plugin:catalog' }),
      jwt({}, { sub: 'backstage-server' }),
      jwt({ typ: 'JWT' }, { aud: 'my-backstage', sub: 'ci' }),
      undefined,
    ]) {
      expect(refuses(token)).toBe(false);
    }
  });

  it('guards trigger and cancel only, whatever the case', () => {
    const user = jwt(
      { typ: 'vnd.backstage.user' },
      { sub: 'user:default/bob' },
    );
    expect(refuses(user, TRIGGER.replace('trigger', 'cancel'))).toBe(true);
    expect(refuses(user, `${TRIGGER.toUpperCase()}/`)).toBe(true);
    expect(refuses(user, '/api/readiness/.backstage/scheduler/v1/tasks')).toBe(
      false,
    );
    expect(refuses(user, '/api/readiness/compute')).toBe(false);
  });
});
