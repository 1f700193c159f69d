import { render, screen } from '@testing-library/react';
import { setDemoUser } from '../../demoUser';
import { DemoSignInPage } from './DemoSignInPage';

jest.mock('@backstage/core-components', () => ({
  ProxiedSignInPage: (props: {
    provider: string;
    headers?: Record<string, string>;
  }) => (
    <div data-testid="sign-in">
      {props.provider} {props.headers?.['x-demo-user'] ?? '-'}
    </div>
  ),
}));

describe('DemoSignInPage', () => {
  afterEach(() => window.localStorage.clear());

  it('signs in as the default demo user through the guest provider', () => {
    render(<DemoSignInPage onSignInSuccess={jest.fn()} />);
    expect(screen.getByTestId('sign-in')).toHaveTextContent('guest -');
  });

  it('signs in as the user acted as through the demo provider', () => {
    setDemoUser('bob');
    render(<DemoSignInPage onSignInSuccess={jest.fn()} />);
    expect(screen.getByTestId('sign-in')).toHaveTextContent('demo bob');
  });
});
