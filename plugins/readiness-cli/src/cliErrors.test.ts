import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { cli } from './__testUtils__/cli';

/*
 * What the CLI prints when it cannot run, without a readiness backend: a
 * command line it refuses (never echoing a secret) and a backend that never
 * answers.
 */

// Nothing listens there; no test gets as far as a request to it.
const url = 'http://127.0.0.1:1';

describe('readiness-cli refuses', () => {
  it('a --url with credentials in it, without printing them', async () => {
    const out = await cli([
      'check',
      'checkout',
      '--url',
      'http://ci:s3cret@127.0.0.1:1',
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      'url: must not hold a user name or password (--url',
    );
    expect(out.stderr).not.toContain('s3cret');
  });

  it('a token that cannot be sent, without printing it', async () => {
    const out = await cli(['check', 'checkout', '--url', url], {
      BACKSTAGE_TOKEN: 'abc\ns3cret',
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('token: must be printable ASCII');
    expect(out.stderr).toContain('--token');
    expect(out.stderr).not.toContain('s3cret');
  });

  it('a --timeout that is not 1 to 600 seconds', async () => {
    for (const timeout of ['0', '601', '1.5', 'soon']) {
      const out = await cli([
        'check',
        'checkout',
        '--url',
        url,
        '--timeout',
        timeout,
      ]);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(
        'timeout: must be a whole number of seconds from 1 to 600 (--timeout',
      );
    }
    const env = await cli(['check', 'checkout', '--url', url], {
      READINESS_CLI_TIMEOUT_SECONDS: '0',
    });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('READINESS_CLI_TIMEOUT_SECONDS');
  });
});

describe('readiness-cli against a backend that never answers', () => {
  let server: Server;
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('gives up after --timeout, three times, naming the timeout', async () => {
    server = createServer(() => {});
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const out = await cli([
      'check',
      'checkout',
      '--url',
      `http://127.0.0.1:${port}`,
      '--timeout',
      '1',
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'readiness-cli: GET /model: no answer within 1 s (--timeout), after 3 attempts\n',
    );
    expect(out.waits).toEqual([1000, 2000]);
  }, 15_000);
});
