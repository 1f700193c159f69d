import {
  EntityGroupReadinessCard,
  EntityReadinessCard,
  EntityReadinessContent,
  EntityReadinessRolesCard,
  ReadinessPage,
  readinessPlugin,
} from './plugin';

describe('readiness plugin (legacy frontend system)', () => {
  it('is the readiness plugin with its root route and API', () => {
    expect(readinessPlugin.getId()).toBe('readiness');
    expect(readinessPlugin.routes.root).toBeDefined();
    expect([...readinessPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.readiness.service',
    ]);
  });

  it('provides the page and the entity extensions', () => {
    for (const extension of [
      ReadinessPage,
      EntityReadinessContent,
      EntityReadinessCard,
      EntityReadinessRolesCard,
      EntityGroupReadinessCard,
    ]) {
      expect(typeof extension).toBe('function');
    }
  });
});
