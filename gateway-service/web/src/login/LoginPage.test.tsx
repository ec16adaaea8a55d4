import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeServer, json, problem } from '../testing/fakeServer';
import { LoginPage } from './LoginPage';

describe('LoginPage', () => {
  it('asks for both fields before calling the server', async () => {
    const server = fakeServer();
    const user = userEvent.setup();
    render(<LoginPage onLogin={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Please enter your email and password.');
    expect(screen.getByLabelText('Email')).toHaveFocus();
    expect(server.requests).toHaveLength(0);
  });

  it("shows the server's reason for a refused login and keeps the email", async () => {
    fakeServer().on('POST', /\/api\/auth\/login$/, () => problem(401, 'Wrong email or password'));
    const user = userEvent.setup();
    render(<LoginPage onLogin={() => {}} />);
    await user.type(screen.getByLabelText('Email'), 'carlos.diaz@example.com');
    await user.type(screen.getByLabelText('Password'), 'nope{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    expect(screen.getByLabelText('Email')).toHaveValue('carlos.diaz@example.com');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const user = userEvent.setup();
    render(<LoginPage onLogin={() => {}} />);
    await user.type(screen.getByLabelText('Email'), 'a@b.c');
    await user.type(screen.getByLabelText('Password'), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach SMART Support');
  });

  it('hands the session over on success', async () => {
    const server = fakeServer().on('POST', /\/api\/auth\/login$/, () =>
      json(200, { accessToken: 'jwt', tokenType: 'Bearer', expiresIn: 900, role: 'CUSTOMER', subject: 'cus_1' }),
    );
    const onLogin = vi.fn();
    const user = userEvent.setup();
    render(<LoginPage onLogin={onLogin} />);
    await user.type(screen.getByLabelText('Email'), ' carlos.diaz@example.com ');
    await user.type(screen.getByLabelText('Password'), 'support-demo{Enter}');
    await waitFor(() => expect(onLogin).toHaveBeenCalled());
    expect(onLogin.mock.calls[0][0]).toMatchObject({ accessToken: 'jwt', role: 'CUSTOMER', subject: 'cus_1' });
    expect(onLogin.mock.calls[0][0].expiresAt).toBeGreaterThan(Date.now() + 800_000);
    expect(server.requests[0].body).toEqual({ email: 'carlos.diaz@example.com', password: 'support-demo' });
  });
});
