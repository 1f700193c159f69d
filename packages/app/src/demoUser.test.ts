import { getDemoUser, readDemoUserFromUrl, setDemoUser } from './demoUser';

const at = (search: string) => ({ search } as Location);

describe('the demo user', () => {
  afterEach(() => window.localStorage.clear());

  it('is the default (guest) user until one is chosen', () => {
    expect(getDemoUser()).toBeUndefined();
  });

  it('is chosen with ?as= in any URL, and cleared with an empty ?as=', () => {
    readDemoUserFromUrl(at('?as=Bob'));
    expect(getDemoUser()).toBe('bob');
    readDemoUserFromUrl(at('?tab=x'));
    expect(getDemoUser()).toBe('bob');
    readDemoUserFromUrl(at('?as='));
    expect(getDemoUser()).toBeUndefined();
  });

  it('is chosen with the "Act as" selector', () => {
    setDemoUser('carol');
    expect(getDemoUser()).toBe('carol');
    setDemoUser(undefined);
    expect(getDemoUser()).toBeUndefined();
  });
});
