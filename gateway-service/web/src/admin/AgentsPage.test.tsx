import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentAccount, Session } from '../api/types';
import { App } from '../App';
import { agentAccount, article, fakeServer, problem, withAgents, withKnowledge } from '../testing/fakeServer';
import { AgentsPage, validate } from './AgentsPage';

const session: Session = {
  accessToken: 'tok-admin',
  role: 'ADMIN',
  subject: 'adm_1',
  expiresAt: Date.now() + 3600_000,
};

const team = (): AgentAccount[] => [
  agentAccount({ agentId: 'agt_a', name: 'Ana Silva', languages: ['pt', 'es'], maxCases: 4 }),
  agentAccount({ agentId: 'agt_b', name: 'Ben Okafor', status: 'INVITED', activatedAt: undefined }),
  agentAccount({
    agentId: 'agt_c',
    name: 'Cleo Martin',
    languages: ['fr'],
    status: 'DEACTIVATED',
    deactivatedAt: '2026-11-30T09:00:00Z',
  }),
];

const card = (name: string) => screen.getByRole('heading', { level: 3, name }).closest('li')!;
const polite = () => screen.getAllByRole('status').find((s) => s.getAttribute('aria-live') === 'polite')!;

describe('AgentsPage', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('lists every agent with status, languages and cap; deactivated ones have no actions', async () => {
    const { server } = withAgents(fakeServer(), team());
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Agents' })).toBeInTheDocument();
    expect(await screen.findByText('3 agents: 1 active, 1 invited')).toBeInTheDocument();
    expect(server.sent('GET', /\/api\/admin\/agents$/)[0].headers).toMatchObject({ Authorization: 'Bearer tok-admin' });

    const ana = card('Ana Silva');
    expect(within(ana).getByText('Active')).toHaveClass('badge-agent-active');
    expect(within(ana).getByText('Portuguese, Spanish')).toBeInTheDocument();
    expect(within(ana).getByText('ana.silva@example.com')).toBeInTheDocument();
    expect(within(ana).getByText('4')).toBeInTheDocument();
    expect(within(ana).getByRole('button', { name: 'Change Ana Silva' })).toBeInTheDocument();
    expect(within(ana).getByRole('button', { name: 'Deactivate Ana Silva' })).toBeInTheDocument();
    expect(within(card('Ben Okafor')).getByText('Invited')).toHaveClass('badge-agent-invited');
    const cleo = card('Cleo Martin');
    expect(within(cleo).getByText('Deactivated')).toHaveClass('badge-agent-deactivated');
    expect(within(cleo).getByText('Deactivated on')).toBeInTheDocument();
    expect(within(cleo).queryByRole('button')).toBeNull();
  });

  it('says what is wrong before sending, focusing the first field in error', async () => {
    const { server } = withAgents(fakeServer(), []);
    const user = userEvent.setup();
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    expect(await screen.findByText('No agents yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'English' })); // no language left
    await user.clear(screen.getByLabelText('Cases at once'));
    await user.type(screen.getByLabelText('Cases at once'), '25');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));

    const name = screen.getByLabelText('Name');
    expect(name).toHaveFocus();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription('Enter the agent’s name.');
    expect(screen.getByLabelText('E-mail')).toHaveAccessibleDescription('Enter the agent’s e-mail address.');
    expect(screen.getByLabelText('Cases at once')).toHaveAccessibleDescription(
      '1 to 20 Enter a whole number from 1 to 20.',
    );
    expect(screen.getByRole('group', { name: 'Languages' })).toHaveAccessibleDescription(
      'Choose at least one language.',
    );
    expect(server.sent('POST', /agents$/)).toHaveLength(0);

    expect(validate({ name: 'A', email: 'a@b', languages: ['en'], maxCases: '20' })).toEqual({});
    expect(validate({ name: 'A', email: 'not-an-address', languages: ['en'], maxCases: '1.5' })).toEqual({
      email: 'Enter an e-mail address such as name@example.com.',
      maxCases: 'Enter a whole number from 1 to 20.',
    });
  });

  it('invites an agent and shows the link to pass on, with a copy button, when no e-mail was sent', async () => {
    const { server } = withAgents(fakeServer(), team());
    const user = userEvent.setup();
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    await screen.findByText('3 agents: 1 active, 1 invited');

    await user.type(screen.getByLabelText('Name'), '  Priya Natarajan ');
    await user.type(screen.getByLabelText('E-mail'), 'Priya@Example.com');
    await user.click(screen.getByRole('checkbox', { name: 'French' }));
    await user.clear(screen.getByLabelText('Cases at once'));
    await user.type(screen.getByLabelText('Cases at once'), '5');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));

    const panel = await screen.findByRole('region', { name: 'Send the invitation to Priya Natarajan' });
    expect(server.sent('POST', /\/api\/admin\/agents$/)[0].body).toEqual({
      name: 'Priya Natarajan',
      email: 'Priya@Example.com',
      languages: ['en', 'fr'],
      maxCases: 5,
    });
    expect(panel).toHaveFocus();
    expect(within(panel).getByText(/No e-mail server is set up, so no e-mail was sent/)).toBeInTheDocument();
    const link = within(panel).getByLabelText('Invitation link for Priya Natarajan');
    expect(link).toHaveValue('http://localhost:8080/#/invitation/tok4abc');
    expect(link).toHaveAttribute('readonly');
    expect(polite()).toHaveTextContent(
      'Priya Natarajan is invited. Copy the invitation link below and send it to them.',
    );

    await user.click(within(panel).getByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe('http://localhost:8080/#/invitation/tok4abc');
    expect(polite()).toHaveTextContent('Link copied.');

    // the new agent is in the list, invited; the form is empty again for the next one
    expect(within(card('Priya Natarajan')).getByText('Invited')).toBeInTheDocument();
    expect(screen.getByText('4 agents: 1 active, 2 invited')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('');
    await user.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: /Send the invitation/ })).toBeNull();
    expect(screen.getByLabelText('Name')).toHaveFocus();
  });

  it('says the invitation was e-mailed when an SMTP server sent it', async () => {
    withAgents(fakeServer(), [], { emailed: true });
    const user = userEvent.setup();
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    await screen.findByText('No agents yet.');
    await user.type(screen.getByLabelText('Name'), 'Sam Lee');
    await user.type(screen.getByLabelText('E-mail'), 'sam.lee@example.com{Enter}');
    await waitFor(() =>
      expect(polite()).toHaveTextContent('Sam Lee is invited. An invitation e-mail was sent to sam.lee@example.com.'),
    );
    expect(screen.queryByRole('region', { name: /Send the invitation/ })).toBeNull();
  });

  it('shows the server’s problems by field: a taken e-mail (409), a validation problem (400), anything else', async () => {
    const { server } = withAgents(fakeServer(), team());
    const user = userEvent.setup();
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    await screen.findByText('3 agents: 1 active, 1 invited');
    await user.type(screen.getByLabelText('Name'), 'Ana Again');
    await user.type(screen.getByLabelText('E-mail'), 'ana.silva@example.com');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    const email = screen.getByLabelText('E-mail');
    await waitFor(() =>
      expect(email).toHaveAccessibleDescription('Someone with this e-mail can already sign in or is invited'),
    );
    expect(email).toHaveFocus();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Name')).toHaveValue('Ana Again'); // nothing typed is lost

    server.on(
      'POST',
      /\/api\/admin\/agents$/,
      () =>
        new Response(
          JSON.stringify({
            type: '/problems/validation',
            title: 'Bad Request',
            status: 400,
            detail: 'The request body is invalid',
            errors: [
              { field: 'languages[0]', message: 'must match "[a-z]{2}"' },
              { field: 'somethingElse', message: 'ignored' },
            ],
          }),
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    );
    await user.clear(email);
    await user.type(email, 'ana.again@example.com');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() =>
      expect(screen.getByRole('group', { name: 'Languages' })).toHaveAccessibleDescription('Must match "[a-z]{2}".'),
    );
    expect(screen.getByRole('checkbox', { name: 'English' })).toHaveFocus();
    expect(email).not.toHaveAttribute('aria-invalid');

    server.on('POST', /\/api\/admin\/agents$/, () =>
      problem(503, 'The service is briefly unavailable; nothing was changed, please try again in a few seconds'),
    );
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The service is briefly unavailable');
  });

  it('changes an agent’s languages and cap, sending only what changed', async () => {
    const { server } = withAgents(fakeServer(), team());
    const user = userEvent.setup();
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    await screen.findByText('3 agents: 1 active, 1 invited');
    const change = screen.getByRole('button', { name: 'Change Ana Silva' });
    await user.click(change);
    const form = screen.getByRole('form', { name: 'Change Ana Silva' });
    expect(within(form).getByLabelText('Name')).toHaveFocus();
    await user.click(within(form).getByRole('checkbox', { name: 'Spanish' }));
    await user.click(within(form).getByRole('checkbox', { name: 'English' }));
    await user.clear(within(form).getByLabelText('Cases at once'));
    await user.type(within(form).getByLabelText('Cases at once'), '0');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(within(form).getByLabelText('Cases at once')).toHaveFocus();
    expect(server.sent('PATCH', /agents\//)).toHaveLength(0);

    await user.clear(within(form).getByLabelText('Cases at once'));
    await user.type(within(form).getByLabelText('Cases at once'), '6');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Change Ana Silva' })).toBeNull());
    expect(server.sent('PATCH', /\/api\/admin\/agents\/agt_a$/)[0].body).toEqual({
      languages: ['en', 'pt'],
      maxCases: 6,
    });
    const ana = card('Ana Silva');
    expect(within(ana).getByText('English, Portuguese')).toBeInTheDocument();
    expect(within(ana).getByText('6')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Change Ana Silva' })).toHaveFocus();
    expect(polite()).toHaveTextContent('Saved. Ana Silva takes English, Portuguese, up to 6 cases at once.');

    // Cancel leaves the agent as it was
    await user.click(screen.getByRole('button', { name: 'Change Ana Silva' }));
    await user.click(
      within(screen.getByRole('form', { name: 'Change Ana Silva' })).getByRole('button', { name: 'Cancel' }),
    );
    expect(screen.getByRole('button', { name: 'Change Ana Silva' })).toHaveFocus();
    expect(server.sent('PATCH', /agents\//)).toHaveLength(1);
  });

  it('deactivates an agent only after confirming; Cancel and Escape keep them', async () => {
    const { server } = withAgents(fakeServer(), team());
    const user = userEvent.setup();
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    await screen.findByText('3 agents: 1 active, 1 invited');
    const deactivate = screen.getByRole('button', { name: 'Deactivate Ana Silva' });
    await user.click(deactivate);
    let dialog = screen.getByRole('dialog', { name: 'Deactivate Ana Silva?' });
    expect(dialog).toHaveAccessibleDescription(/Ana Silva can no longer sign in/);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(deactivate).toHaveFocus();
    await user.click(deactivate);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(server.sent('PATCH', /agents\//)).toHaveLength(0);

    server.on('PATCH', /\/api\/admin\/agents\/agt_a$/, () => problem(503, 'Briefly unavailable, try again'));
    await user.click(deactivate);
    dialog = screen.getByRole('dialog', { name: 'Deactivate Ana Silva?' });
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Briefly unavailable, try again');

    withAgents(server, team()); // the service is back
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.sent('PATCH', /\/api\/admin\/agents\/agt_a$/).at(-1)?.body).toEqual({ active: false });
    const ana = card('Ana Silva');
    expect(within(ana).getByText('Deactivated')).toHaveClass('badge');
    expect(within(ana).queryByRole('button')).toBeNull();
    expect(screen.getByRole('heading', { level: 3, name: 'Ana Silva' })).toHaveFocus();
    expect(polite()).toHaveTextContent('Ana Silva is deactivated and can no longer sign in.');
    expect(screen.getByText('3 agents: 0 active, 1 invited')).toBeInTheDocument();
  });

  it('offers to try again when the list cannot be loaded', async () => {
    const server = fakeServer().on('GET', /\/api\/admin\/agents$/, () => problem(503, 'Briefly unavailable'));
    const user = userEvent.setup();
    render(<AgentsPage session={session} onSignOut={() => {}} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Briefly unavailable');
    withAgents(server, team());
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('3 agents: 1 active, 1 invited')).toBeInTheDocument();
  });

  it('is reached from the knowledge base through the administration links, and back', async () => {
    withAgents(withKnowledge(fakeServer(), [article({ id: 'kb_1', title: 'Returns' })], 'ADMIN'), team());
    sessionStorage.setItem('smart-support.session', JSON.stringify(session));
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Knowledge base' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Administration' });
    expect(within(nav).getByRole('link', { name: 'Knowledge base' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: 'Agents' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Agents' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(location.hash).toBe('#/agents');
    expect(document.title).toBe('Agents · SMART Support');
    expect(
      within(screen.getByRole('navigation', { name: 'Administration' })).getByRole('link', { name: 'Agents' }),
    ).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByText('3 agents: 1 active, 1 invited')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Knowledge base' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'Knowledge base' })).toHaveFocus());
  });
});
