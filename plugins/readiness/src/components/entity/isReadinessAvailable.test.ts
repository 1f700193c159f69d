import { defaultChecks } from '@prodready/plugin-readiness-common';
import { isReadinessAvailable } from './isReadinessAvailable';

describe('isReadinessAvailable', () => {
  const entity = (kind: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x' },
  });
  const appliesTo = (kind: string) =>
    defaultChecks.some(c => c.appliesTo.includes(kind));

  it('shows the tab exactly for the kinds a check of the checklist applies to', () => {
    for (const kind of ['Component', 'System', 'Resource', 'Group', 'API']) {
      expect(isReadinessAvailable(entity(kind))).toBe(
        appliesTo(kind.toLowerCase()),
      );
    }
    expect(isReadinessAvailable(entity('Component'))).toBe(true);
    expect(isReadinessAvailable(entity('Group'))).toBe(false);
  });
});
