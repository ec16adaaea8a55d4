import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../api/types';
import { App } from '../App';
import { agentAccount, fakeServer, problem, withAgents } from '../testing/fakeServer';
import { invitationToken } from '../ui/route';

const PASSWORD = 'correct horse battery staple';

function setUp() {
  const fake = withAgents(fakeServer(), [
    agentAccount({ agentId: 'agt_new', name: 'Priya Natarajan', status: 'INVITED', activatedAt: undefined }),
  ]);
  fake.issue('tok-123_abc', 'agt_new');
  history.replaceState(null, '', '/#/invitation/tok-123_abc');
  return fake;
}

describe('InvitationPage', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('sets the password from the link, then sends the agent to sign in with the token gone from the address', async () => {
    const { server, agents } = setUp();
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Set your password' })).toBeInTheDocument();
    const first = screen.getByLabelText('New password');
    expect(first).toHaveFocus();
    expect(first).toHaveAttribute('autocomplete', 'new-password');
    expect(first).toHaveAccessibleDescription(/At least 12 characters/);

    await user.type(first, PASSWORD);
    await user.type(screen.getByLabelText('Repeat the password'), `${PASSWORD}{Enter}`);
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(server.sent('POST', /invitations/)).toHaveLength(1);
    expect(server.sent('POST', /invitations/)[0]).toMatchObject({
      path: '/api/auth/invitations/tok-123_abc',
      body: { password: PASSWORD },
    });
    expect(server.sent('POST', /invitations/)[0].headers.Authorization).toBeUndefined();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your password is set. Sign in with your e-mail address and the new password.',
    );
    expect(screen.getByRole('status')).toHaveClass('banner-success');
    expect(location.hash).toBe('');
    expect(agents[0].status).toBe('ACTIVE');
  });

  it('checks length and that both passwords are the same before sending', async () => {
    const { server } = setUp();
    const user = userEvent.setup();
    render(<App />);
    const first = await screen.findByLabelText('New password');
    const second = screen.getByLabelText('Repeat the password');
    await user.type(first, 'too short');
    await user.type(second, 'too short');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The password needs at least 12 characters.');
    expect(first).toHaveFocus();
    expect(first).toHaveAttribute('aria-invalid', 'true');
    expect(first).toHaveAccessibleDescription(/needs at least 12 characters/);

    await user.clear(first);
    await user.type(first, PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The two passwords are not the same.');
    expect(second).toHaveFocus();
    expect(second).toHaveAttribute('aria-invalid', 'true');
    expect(first).not.toHaveAttribute('aria-invalid');
    expect(server.sent('POST', /invitations/)).toHaveLength(0);
  });

  it('says clearly when the link was used or has expired (410), and offers the sign-in page', async () => {
    setUp();
    history.replaceState(null, '', '/#/invitation/used-token');
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('New password'), PASSWORD);
    await user.type(screen.getByLabelText('Repeat the password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This invitation link has already been used or has expired. Ask your administrator to invite you again.',
    );
    expect(screen.queryByLabelText('New password')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Go to sign in' }));
    expect(await screen.findByLabelText('Email')).toBeInTheDocument();
    expect(location.hash).toBe('');
  });

  it('shows other problems and keeps the form', async () => {
    const { server } = setUp();
    server.on('POST', /invitations/, () => problem(429, 'Too many attempts, wait a minute'));
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('New password'), PASSWORD);
    await user.type(screen.getByLabelText('Repeat the password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts, wait a minute');
    expect(screen.getByLabelText('New password')).toHaveValue(PASSWORD);
  });

  it('takes the place of whatever page a signed-in user had', async () => {
    setUp();
    const admin: Session = {
      accessToken: 'tok-admin',
      role: 'ADMIN',
      subject: 'adm_1',
      expiresAt: Date.now() + 3600_000,
    };
    sessionStorage.setItem('smart-support.session', JSON.stringify(admin));
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('New password'), PASSWORD);
    await user.type(screen.getByLabelText('Repeat the password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    // the new agent signs in next, not the admin who opened the link in their tab
    expect(await screen.findByLabelText('Email')).toBeInTheDocument();
    expect(sessionStorage.getItem('smart-support.session')).toBeNull();
  });

  it('reads the token from the address', () => {
    expect(invitationToken('/invitation/abc-DEF_123')).toBe('abc-DEF_123');
    expect(invitationToken('/invitation/a%2Fb')).toBe('a/b');
    expect(invitationToken('/invitation/')).toBeNull();
    expect(invitationToken('/agents')).toBeNull();
    expect(invitationToken('/invitation/%E0%A4%A')).toBeNull();
  });
});
