import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SidebarOpenStateProvider } from '@backstage/core-components';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ActAsDemoUser } from './ActAsDemoUser';

/** A catalog of `count` users, user-0000 to user-NNNN. */
function users(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: `user-${String(i).padStart(4, '0')}` },
    spec: {},
  }));
}

async function renderActingAs(name: string, catalogUsers: number) {
  const identityApi = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: `user:default/${name}`,
      ownershipEntityRefs: [],
    }),
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [identityApiRef, identityApi],
        [catalogApiRef, catalogApiMock({ entities: users(catalogUsers) })],
      ]}
    >
      <SidebarOpenStateProvider value={{ isOpen: true, setOpen: () => {} }}>
        <ActAsDemoUser />
      </SidebarOpenStateProvider>
    </TestApiProvider>,
  );
  await userEvent.click(await screen.findByRole('button'));
  return within(await screen.findByRole('listbox'))
    .getAllByRole('option')
    .map(o => o.textContent);
}

describe('ActAsDemoUser', () => {
  it("offers the demo's users to act as", async () => {
    expect(await renderActingAs('user-0001', 3)).toEqual([
      'user-0000',
      'user-0001',
      'user-0002',
    ]);
  });

  it('offers a bounded list from a large catalog, with the user acted as', async () => {
    const options = await renderActingAs('user-1500', 3000);
    expect(options.length).toBeLessThanOrEqual(51);
    expect(options).toContain('user-1500');
    expect(options).toContain('user-0000');
  });
});
