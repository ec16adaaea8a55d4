import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionView, Session } from '../api/types';
import { COMPLETED_RETURN, PROPOSED_RETURN } from '../testing/actions';
import { fakeServer, json, problem, SseChannel } from '../testing/fakeServer';
import { ChatPage } from './ChatPage';

const session: Session = {
  accessToken: 'tok-carlos',
  role: 'CUSTOMER',
  subject: 'cus_1',
  expiresAt: Date.now() + 3600_000,
};

const MESSAGES = [
  { messageId: 'm1', role: 'customer', text: 'I want to return my headphones' },
  { messageId: 'r1', role: 'assistant', text: 'I can start a return for you.' },
  { messageId: 'm2', role: 'customer', text: 'Thanks' },
];

const CONFIRM = /^\/api\/conversations\/c1\/actions\/act_1\/confirm$/;
const DECLINE = /^\/api\/conversations\/c1\/actions\/act_1\/decline$/;

function setUp(actions: ActionView[] = [PROPOSED_RETURN], messages: unknown[] = MESSAGES) {
  const stream = new SseChannel();
  const transcript = { conversationId: 'c1', status: 'OPEN', messages, actions };
  const server = fakeServer()
    .on('GET', /^\/api\/conversations$/, () =>
      json(200, [{ conversationId: 'c1', status: 'OPEN', createdAt: '2026-11-20T10:00:00Z' }]),
    )
    .on('GET', /^\/api\/conversations\/c1$/, () => json(200, transcript))
    .on('GET', /^\/api\/conversations\/c1\/events$/, () => stream.response());
  render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
  return { stream, server, transcript };
}

/** An answer the test lets through when it wants, to look at the card meanwhile. */
function held() {
  let release: (r: Response) => void = () => {};
  const answer = new Promise<Response>((resolve) => (release = resolve));
  return { answer, release };
}

const reply = async (text = 'I can start a return for you.') => (await screen.findByText(text)).closest('li')!;
const card = (within_: HTMLElement = document.body, name = 'Start a return') =>
  within(within_).findByRole('group', { name });

describe('the action card', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('shows what will happen, to which order and what it costs, under the reply that proposed it', async () => {
    setUp();
    const group = await card(await reply());
    expect(group).toHaveTextContent(PROPOSED_RETURN.detail);
    expect(within(group).getByText('Order ORD-80455')).toBeInTheDocument();
    expect(group).toHaveTextContent('Costs USD 6.95 — return shipping, deducted from your refund');
    const confirm = within(group).getByRole('button', { name: 'Confirm' });
    const decline = within(group).getByRole('button', { name: 'Decline' });
    expect(confirm).toBeEnabled();
    expect(decline).toBeEnabled();
    expect(confirm).toHaveAccessibleDescription('Start a return');
    // not under the customer's messages
    expect(within(screen.getByText('Thanks').closest('li')!).queryByRole('group')).toBeNull();
    expect(screen.getAllByRole('group', { name: 'Start a return' })).toHaveLength(1);
  });

  it('confirms: posts to the action with the bearer token, works, then says it is done', async () => {
    const { server } = setUp();
    const { answer, release } = held();
    server.on('POST', CONFIRM, () => answer);
    const user = userEvent.setup();
    const group = await card(await reply());
    await user.click(within(group).getByRole('button', { name: 'Confirm' }));

    await waitFor(() => expect(server.sent('POST', CONFIRM)).toHaveLength(1));
    expect(server.sent('POST', CONFIRM)[0]).toMatchObject({
      path: '/api/conversations/c1/actions/act_1/confirm',
      body: undefined,
      headers: { Authorization: 'Bearer tok-carlos' },
    });
    // in flight: both buttons disabled, and it says so
    expect(within(group).getByRole('button', { name: 'Confirm' })).toBeDisabled();
    expect(within(group).getByRole('button', { name: 'Decline' })).toBeDisabled();
    expect(within(group).getByText('Working…')).toBeInTheDocument();
    expect(group).toHaveAttribute('aria-busy', 'true');

    await act(async () => release(json(200, COMPLETED_RETURN)));
    const done = await within(group).findByText(`Done: ${COMPLETED_RETURN.result}`);
    expect(within(group).queryByRole('button')).toBeNull();
    expect(within(group).queryByText('Working…')).toBeNull();
    expect(done).toHaveFocus(); // the pressed button is gone: focus is on what became of it
    expect(screen.getByRole('status')).toHaveTextContent(`Start a return: Done: ${COMPLETED_RETURN.result}`);
    expect(server.sent('POST', DECLINE)).toHaveLength(0);
  });

  it('declines', async () => {
    const { server } = setUp();
    server.on('POST', DECLINE, () =>
      json(200, { ...PROPOSED_RETURN, status: 'DECLINED', decidedAt: '2026-12-05T10:01:00Z' }),
    );
    const user = userEvent.setup();
    const group = await card(await reply());
    await user.click(within(group).getByRole('button', { name: 'Decline' }));
    expect(await within(group).findByText('You declined this.')).toHaveFocus();
    expect(within(group).queryByRole('button')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Start a return: You declined this.');
    expect(server.sent('POST', CONFIRM)).toHaveLength(0);
  });

  it('is used by keyboard alone', async () => {
    const { server } = setUp();
    server.on('POST', CONFIRM, () => json(200, COMPLETED_RETURN));
    const user = userEvent.setup();
    const group = await card(await reply());
    within(group).getByRole('button', { name: 'Confirm' }).focus();
    await user.tab();
    expect(within(group).getByRole('button', { name: 'Decline' })).toHaveFocus();
    await user.tab({ shift: true });
    await user.keyboard('{Enter}');
    expect(await within(group).findByText(/^Done: /)).toHaveFocus();
    expect(server.sent('POST', CONFIRM)).toHaveLength(1);
  });

  it('on a 409 (decided already) shows what the conversation says now', async () => {
    const { server, transcript } = setUp();
    server.on('POST', CONFIRM, () => {
      transcript.actions = [COMPLETED_RETURN]; // confirmed in another tab
      return problem(409, 'This action has already been decided');
    });
    const user = userEvent.setup();
    const group = await card(await reply());
    const loads = server.sent('GET', /^\/api\/conversations\/c1$/).length;
    await user.click(within(group).getByRole('button', { name: 'Confirm' }));
    expect(await within(group).findByText(`Done: ${COMPLETED_RETURN.result}`)).toBeInTheDocument();
    expect(server.sent('GET', /^\/api\/conversations\/c1$/)).toHaveLength(loads + 1);
    expect(within(group).queryByRole('alert')).toBeNull();
    expect(within(group).queryByRole('button')).toBeNull();
  });

  it('on a 409 keeps what the stream said when the conversation is behind it', async () => {
    const { server, stream } = setUp();
    await waitFor(() => expect(stream.connections).toBe(1));
    server.on('POST', DECLINE, () => {
      act(() => stream.send('action.expired', { ...PROPOSED_RETURN, status: 'EXPIRED' }));
      return problem(409, 'This action has already been decided');
    });
    const user = userEvent.setup();
    const group = await card(await reply());
    await user.click(within(group).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(server.sent('GET', /^\/api\/conversations\/c1$/).length).toBeGreaterThan(1));
    expect(await within(group).findByText('This offer has expired.')).toBeInTheDocument();
    expect(within(group).queryByRole('button')).toBeNull();
    expect(within(group).queryByRole('alert')).toBeNull(); // what the card says is what happened
  });

  it('on a 409 says the offer was decided already while nothing says how yet', async () => {
    const { server } = setUp();
    server.on('POST', CONFIRM, () => problem(409, 'This action has already been decided'));
    const user = userEvent.setup();
    const group = await card(await reply());
    await user.click(within(group).getByRole('button', { name: 'Confirm' }));
    expect(await within(group).findByRole('alert')).toHaveTextContent('This has already been decided.');
    expect(within(group).getByRole('button', { name: 'Confirm' })).toBeEnabled();
  });

  it('says what went wrong when the request fails, and lets the customer try again', async () => {
    const { server } = setUp();
    server.on('POST', CONFIRM, () => problem(503, 'The shop is busy, please try again in a minute'));
    const user = userEvent.setup();
    const group = await card(await reply());
    await user.click(within(group).getByRole('button', { name: 'Confirm' }));
    expect(await within(group).findByRole('alert')).toHaveTextContent('The shop is busy, please try again in a minute');
    const confirm = within(group).getByRole('button', { name: 'Confirm' });
    expect(confirm).toBeEnabled();
    expect(confirm).toHaveFocus(); // back where the customer was
    expect(within(group).getByRole('button', { name: 'Decline' })).toBeEnabled();
    expect(within(group).queryByText('Working…')).toBeNull();

    // the network away: the same, with the client's own words
    server.on('POST', CONFIRM, () => {
      throw new TypeError('Failed to fetch');
    });
    await user.click(confirm);
    await waitFor(() => expect(server.sent('POST', CONFIRM)).toHaveLength(2));
    expect(await within(group).findByRole('alert')).toHaveTextContent(/Cannot reach SMART Support/);
    expect(confirm).toBeEnabled();

    // the next try works, and the error goes
    server.on('POST', CONFIRM, () => json(200, COMPLETED_RETURN));
    await user.click(confirm);
    expect(await within(group).findByText(/^Done: /)).toBeInTheDocument();
    expect(within(group).queryByRole('alert')).toBeNull();
  });

  it('says so when the action is unknown (404)', async () => {
    setUp(); // no route: the fake answers 404
    const user = userEvent.setup();
    const group = await card(await reply());
    await user.click(within(group).getByRole('button', { name: 'Decline' }));
    expect(await within(group).findByRole('alert')).toHaveTextContent('This offer is no longer available.');
  });

  it('shows a failure with its reason and where to get help, an expired offer, and a free action', async () => {
    setUp(
      [
        { ...PROPOSED_RETURN, status: 'FAILED', result: 'The order is past its 30-day return window.' },
        { ...PROPOSED_RETURN, actionId: 'act_2', status: 'EXPIRED' },
        {
          ...PROPOSED_RETURN,
          actionId: 'act_3',
          kind: 'change_contact_preference',
          title: 'Change how we contact you',
          detail: 'We will contact you by e-mail from now on.',
          orderId: null,
          cost: null,
          costNote: null,
        },
      ],
      MESSAGES,
    );
    const bubble = await reply();
    const groups = await within(bubble).findAllByRole('group', { name: 'Start a return' });
    expect(groups[0]).toHaveTextContent(
      "Couldn't be done: The order is past its 30-day return window. If you need a hand with it, press “Talk to a person”.",
    );
    expect(within(groups[0]).queryByRole('button')).toBeNull();
    expect(groups[1]).toHaveTextContent('This offer has expired.');
    const free = within(bubble).getByRole('group', { name: 'Change how we contact you' });
    expect(free).toHaveTextContent('No cost');
    expect(free).not.toHaveTextContent('Order');
    expect(within(free).getByRole('button', { name: 'Confirm' })).toBeInTheDocument();
  });

  it('shows a proposal from the stream under the live reply, and one whose reply is not shown after the last message', async () => {
    const { stream } = setUp([], [{ messageId: 'm1', role: 'customer', text: 'Can I pause my plan?' }]);
    await waitFor(() => expect(stream.connections).toBe(1));
    act(() => {
      stream.send('assistant.completed', { replyId: 'r1', text: 'I can start a return for you.' });
      stream.send('action.proposed', PROPOSED_RETURN);
    });
    const group = await card(await reply());
    expect(within(group).getByRole('button', { name: 'Confirm' })).toBeInTheDocument();
    act(() =>
      stream.send('action.proposed', {
        ...PROPOSED_RETURN,
        actionId: 'act_2',
        replyId: 'r_elsewhere',
        kind: 'pause_subscription',
        title: 'Pause your subscription',
      }),
    );
    const orphan = await screen.findByRole('group', { name: 'Pause your subscription' });
    expect(orphan.closest('li')).toBeNull();
    const messages = screen.getByRole('region', { name: 'Messages' });
    expect(messages.contains(orphan)).toBe(true);
    // after the list of messages
    expect(
      messages.querySelector('ol')!.compareDocumentPosition(orphan) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    // the stream moves a card on, and a late proposal does not move it back
    act(() => {
      stream.send('action.completed', COMPLETED_RETURN);
      stream.send('action.proposed', PROPOSED_RETURN);
    });
    expect(await within(group).findByText(`Done: ${COMPLETED_RETURN.result}`)).toBeInTheDocument();
    expect(within(group).queryByRole('button')).toBeNull();
  });

  it('shows the text it is given as text, never as markup', async () => {
    setUp([
      {
        ...PROPOSED_RETURN,
        title: '<b>Start</b> a return',
        detail: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
        costNote: '**free**',
      },
    ]);
    const group = await card(await reply(), '<b>Start</b> a return');
    expect(group.querySelector('img, script, b, strong')).toBeNull();
    expect(group).toHaveTextContent('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
    expect(group).toHaveTextContent('**free**');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
