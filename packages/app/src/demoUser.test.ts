import { getDemoUser, readDemoUserFromUrl, setDemoUser } from './demoUser';

const open = (path: string) => {
  window.history.replaceState(null, '', path);
  readDemoUserFromUrl();
};

describe('the demo user', () => {
  afterEach(() => window.localStorage.clear());

  it('is the default (guest) user until one is chosen', () => {
    expect(getDemoUser()).toBeUndefined();
  });

  it('is chosen with ?as= in any URL, which is then removed from the address', () => {
    open('/catalog/default/component/payments-api?check=x&as=Bob');
    expect(getDemoUser()).toBe('bob');
    expect(window.location.pathname).toBe(
      '/catalog/default/component/payments-api',
    );
    expect(window.location.search).toBe('?check=x');
    open('/readiness');
    expect(getDemoUser()).toBe('bob');
  });

  it('is cleared with an empty ?as=', () => {
    setDemoUser('bob');
    open('/catalog?as=');
    expect(getDemoUser()).toBeUndefined();
    expect(window.location.search).toBe('');
  });

  it('is chosen with the "Act as" selector', () => {
    setDemoUser('carol');
    expect(getDemoUser()).toBe('carol');
    setDemoUser(undefined);
    expect(getDemoUser()).toBeUndefined();
  });
});
