import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ReadinessEmptyState } from './ReadinessEmptyState';

describe('ReadinessEmptyState', () => {
  it('shows an annotation example for the check and role given', async () => {
    await renderInTestApp(
      <ReadinessEmptyState
        exampleCheckId="recoverability.restore-test"
        exampleRoleId="dba"
        canAnswer={false}
      />,
    );
    expect(screen.getByText('No readiness answers yet')).toBeInTheDocument();
    expect(
      screen.getByText(/owners of this entity answer/),
    ).toBeInTheDocument();
    const code = document.querySelector('pre')!;
    expect(code).toHaveTextContent(
      "prodready.dev/check.recoverability.restore-test: 'met; date=2026-09-14;",
    );
    expect(code).toHaveTextContent('prodready.dev/role.dba:');
  });
});
