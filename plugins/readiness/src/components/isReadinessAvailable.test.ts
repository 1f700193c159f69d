import { isReadinessAvailable } from './isReadinessAvailable';

describe('isReadinessAvailable', () => {
  const entity = (kind: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x' },
  });

  it('shows the tab for components, systems and resources only', () => {
    expect(isReadinessAvailable(entity('Component'))).toBe(true);
    expect(isReadinessAvailable(entity('System'))).toBe(true);
    expect(isReadinessAvailable(entity('Resource'))).toBe(true);
    expect(isReadinessAvailable(entity('Group'))).toBe(false);
    expect(isReadinessAvailable(entity('API'))).toBe(false);
  });
});
