import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Escalation, Session } from '../api/types';
import { fakeServer, json, SseChannel } from '../testing/fakeServer';
import { AgentConsole } from './AgentConsole';

const session: Session = {
  accessToken: 'tok-lee',
  role: 'AGENT',
  subject: 'agt_lee',
  expiresAt: Date.now() + 3600_000,
};

const assigned: Escalation = {
  id: 'esc_c1',
  conversationId: 'c1',
  customerId: 'cus_1',
  reason: 'customer_request',
  detail: 'Headphones arrived broken',
  status: 'ASSIGNED',
  agentId: 'agt_lee',
  agentName: 'Lee',
  requestedAt: '2026-11-25T09:00:00Z',
};

function setUp() {
  const stream = new SseChannel();
  let presence = 'away';
  let status: Escalation['status'] = 'ASSIGNED';
  const server = fakeServer()
    .on('GET', /\/api\/agents\/me\/presence$/, () =>
      json(200, { agentId: 'agt_lee', name: 'Lee', status: presence, activeCases: 1 }),
    )
    .on('POST', /\/api\/agents\/me\/presence$/, (r) => {
      presence = (r.body as { status: string }).status;
      return json(200, { agentId: 'agt_lee', name: 'Lee', status: presence, activeCases: 0 });
    })
    .on('GET', /\/api\/escalations\/canned$/, () =>
      json(200, ['Thanks for waiting, I am looking into it now.', 'Is there anything else I can help with?']),
    )
    .on('GET', /\/api\/escalations\?status=QUEUED$/, () =>
      json(200, [
        {
          id: 'esc_c9',
          conversationId: 'c9',
          customerId: 'cus_9',
          reason: 'sentiment',
          status: 'QUEUED',
          requestedAt: '2026-11-25T09:05:00Z',
        },
      ]),
    )
    .on('GET', /\/api\/escalations\?status=ASSIGNED$/, () =>
      json(200, status === 'ASSIGNED' ? [{ ...assigned, status }] : []),
    )
    .on('GET', /\/api\/escalations\?status=ACCEPTED$/, () =>
      json(200, status === 'ACCEPTED' ? [{ ...assigned, status }] : []),
    )
    .on('GET', /\/api\/escalations\/events$/, () => stream.response())
    .on('GET', /\/api\/escalations\/esc_c1\/packet$/, () =>
      json(200, {
        escalation: assigned,
        profile: {
          id: 'cus_1',
          account: { name: 'Carlos Diaz', email: 'carlos.diaz@example.com', accountNumber: 'ACC-100001', tier: 'gold' },
          purchases: [
            {
              orderId: 'ORD-1',
              product: 'SoundWave ANC Headphones',
              model: 'SW-300',
              purchaseDate: '2026-11-01',
              shippingStatus: 'delivered',
              specs: { colour: 'black' },
            },
          ],
          subscription: { plan: 'Premium', status: 'active' },
          preferences: { contactChannel: 'email', accessibility: ['screen reader'] },
          supportHistory: [
            { caseId: 'case_1', issue: 'Late delivery', resolution: 'Refunded shipping', date: '2026-06-02', csat: 5 },
          ],
        },
        transcript: {
          conversationId: 'c1',
          status: 'WAITING_FOR_AGENT',
          contactEmail: 'follow.me@example.com',
          messages: [
            { messageId: 'm1', role: 'customer', text: 'My headphones arrived broken' },
            { messageId: 'r1', role: 'assistant', text: 'I am sorry to hear that.' },
          ],
        },
        summary: {
          source: 'llm',
          issue: 'Broken headphones on arrival',
          tried: 'Apology',
          sentiment: 'frustrated',
          nextStep: 'Offer a replacement',
        },
        unavailable: [],
      }),
    )
    .on('POST', /\/api\/escalations\/esc_c1\/accept$/, () => {
      status = 'ACCEPTED';
      return json(200, { ...assigned, status });
    })
    .on('POST', /\/api\/escalations\/esc_c1\/messages$/, () => json(202, { messageId: 'amsg_1' }))
    .on('POST', /\/api\/llm\/conversations\/c1\/suggested-reply$/, () =>
      json(200, { source: 'llm', text: 'I will send a replacement today.' }),
    )
    .on('POST', /\/api\/escalations\/esc_c1\/close$/, () => {
      status = 'CLOSED';
      return json(200, { ...assigned, status });
    })
    .on('POST', /\/api\/escalations\/esc_c1\/hand-back$/, () => {
      status = 'HANDED_BACK';
      return json(200, { ...assigned, status });
    });
  return { stream, server };
}

describe('AgentConsole', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('goes online, shows the queue and its cases, and works a case from accept to close', async () => {
    const { stream, server } = setUp();
    const user = userEvent.setup();
    render(<AgentConsole session={session} onSignOut={() => {}} onExpired={() => {}} />);

    const presence = await screen.findByRole('button', { name: 'Away' });
    await waitFor(() => expect(presence).toBeEnabled());
    await user.click(presence);
    expect(await screen.findByRole('button', { name: 'Online' })).toHaveAttribute('aria-pressed', 'true');
    expect(server.sent('POST', /presence$/)[0].body).toEqual({ status: 'online' });

    const queue = screen.getByRole('region', { name: /Queue/ });
    expect(within(queue).getByText('sentiment')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: /Headphones arrived broken/ }));

    // the packet: profile, purchases, history, summary, transcript
    expect(await screen.findByRole('heading', { name: 'Carlos Diaz' })).toBeInTheDocument();
    const profile = screen.getByRole('complementary', { name: 'Customer' });
    expect(within(profile).getByText('ACC-100001')).toBeInTheDocument();
    expect(within(profile).getByText('SoundWave ANC Headphones SW-300')).toBeInTheDocument();
    expect(within(profile).getByText('Late delivery')).toBeInTheDocument();
    expect(screen.getByText('Broken headphones on arrival')).toBeInTheDocument();
    expect(screen.getByText('Offer a replacement')).toBeInTheDocument();
    expect(screen.getByText('My headphones arrived broken')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'follow.me@example.com' })).toHaveAttribute(
      'href',
      'mailto:follow.me@example.com',
    );
    expect(screen.getByRole('button', { name: 'Send reply' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Accept case' }));
    await waitFor(() => expect(server.sent('POST', /accept$/)).toHaveLength(1));
    expect(await screen.findByText('In progress')).toBeInTheDocument();

    // a customer message arrives live, once even if delivered twice
    act(() => {
      stream.send('customer.message', {
        escalationId: 'esc_c1',
        conversationId: 'c1',
        messageId: 'm2',
        text: 'Are you there?',
      });
      stream.send('customer.message', {
        escalationId: 'esc_c1',
        conversationId: 'c1',
        messageId: 'm2',
        text: 'Are you there?',
      });
    });
    expect(await screen.findAllByText('Are you there?')).toHaveLength(1);

    await user.selectOptions(
      screen.getByLabelText('Ready-made reply'),
      'Thanks for waiting, I am looking into it now.',
    );
    expect(screen.getByLabelText('Reply to Carlos Diaz')).toHaveValue('Thanks for waiting, I am looking into it now.');
    await user.click(screen.getByRole('button', { name: 'Suggest reply' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Reply to Carlos Diaz')).toHaveValue('I will send a replacement today.'),
    );
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(server.sent('POST', /esc_c1\/messages$/)).toHaveLength(1));
    expect(server.sent('POST', /esc_c1\/messages$/)[0].body).toEqual({ text: 'I will send a replacement today.' });
    expect(await screen.findByText('I will send a replacement today.', { selector: 'p' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Close case' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please describe the resolution before closing.');
    await user.type(screen.getByLabelText('Resolution'), 'Replacement sent');
    await user.click(screen.getByRole('button', { name: 'Close case' }));
    await waitFor(() => expect(server.sent('POST', /close$/)).toHaveLength(1));
    expect(server.sent('POST', /close$/)[0].body).toEqual({ resolution: 'Replacement sent' });
    expect(await screen.findByText('Pick one of your cases on the left.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Carlos Diaz' })).toBeNull();
  });

  it('hands an accepted case back to the assistant with a note', async () => {
    const { server } = setUp();
    const user = userEvent.setup();
    render(<AgentConsole session={session} onSignOut={() => {}} onExpired={() => {}} />);
    await user.click(await screen.findByRole('button', { name: /Headphones arrived broken/ }));
    expect(await screen.findByRole('heading', { name: 'Carlos Diaz' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Hand back to the assistant' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Accept case' }));
    expect(await screen.findByText('In progress')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Hand back to the assistant' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please write a note for the assistant');
    expect(server.sent('POST', /hand-back$/)).toHaveLength(0);

    await user.type(screen.getByLabelText('Note for the assistant'), 'Replacement ordered; help with the label');
    await user.click(screen.getByRole('button', { name: 'Hand back to the assistant' }));
    await waitFor(() => expect(server.sent('POST', /hand-back$/)).toHaveLength(1));
    expect(server.sent('POST', /hand-back$/)[0].body).toEqual({ note: 'Replacement ordered; help with the label' });
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Carlos Diaz' })).toBeNull());
  });

  it('refreshes the lists when the stream announces a case', async () => {
    const { stream, server } = setUp();
    render(<AgentConsole session={session} onSignOut={() => {}} onExpired={() => {}} />);
    await waitFor(() => expect(stream.connections).toBe(1));
    const before = server.sent('GET', /status=QUEUED$/).length;
    act(() => stream.send('case.queued', { escalationId: 'esc_c9', conversationId: 'c9', position: 1 }));
    await waitFor(() => expect(server.sent('GET', /status=QUEUED$/).length).toBeGreaterThan(before));
  });
});
