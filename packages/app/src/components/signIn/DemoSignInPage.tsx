import { ProxiedSignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { getDemoUser } from '../../demoUser';

/**
 * Signs in without a click: as the default demo user through the guest
 * provider, or as the user chosen with "Act as" (or `?as=`) through the
 * backend's `demo` provider.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const demoUser = getDemoUser();
  return demoUser ? (
    <ProxiedSignInPage
      {...props}
      provider="demo"
      headers={{ 'x-demo-user': demoUser }}
    />
  ) : (
    <ProxiedSignInPage {...props} provider="guest" />
  );
}
