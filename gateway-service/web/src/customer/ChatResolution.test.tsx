import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../api/types';
import { PROPOSED_RETURN } from '../testing/actions';
import { fakeServer, json, problem, SseChannel } from '../testing/fakeServer';
import { ChatPage } from './ChatPage';

// "Did this solve it?" under the assistant's latest reply, the rating of a resolved conversation, and the line that
// says who is answering.

const session: Session = {
  accessToken: 'tok-carlos',
  role: 'CUSTOMER',
  subject: 'cus_1',
  expiresAt: Date.now() + 3600_000,
};

const QUESTION = { messageId: 'm1', role: 'customer', text: 'Where are my headphones?', time: '2026-12-01T10:00:00Z' };
const ANSWER = {
  messageId: 'r1',
  role: 'assistant',
  text: 'They are in transit with ParcelPro.',
  source: 'llm',
  time: '2026-12-01T10:00:02Z',
};
const RESOLVED = { kind: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED', decidedAt: '2026-12-01T10:01:00Z' };

function setUp(transcript: Record<string, unknown> = {}) {
  const t = {
    conversationId: 'c1',
    status: 'OPEN',
    messages: [QUESTION, ANSWER],
    actions: [],
    outcome: null,
    helpful: null,
    ...transcript,
  };
  const stream = new SseChannel();
  const server = fakeServer()
    .on('GET', /^\/api\/conversations$/, () =>
      json(200, [{ conversationId: 'c1', status: t.status, createdAt: '2026-12-01T10:00:00Z' }]),
    )
    .on('GET', /^\/api\/conversations\/c1$/, () => json(200, t))
    .on('GET', /^\/api\/conversations\/c1\/events$/, () => stream.response())
    .on('POST', /^\/api\/conversations\/c1\/messages$/, () => json(202, { messageId: 'm-new' }))
    .on('POST', /^\/api\/conversations\/c1\/escalate$/, () => new Response(null, { status: 202 }))
    .on('POST', /^\/api\/conversations\/c1\/resolution$/, (r) => {
      const { replyId, solved } = r.body as { replyId: string; solved: boolean };
      return json(200, {
        outcome: solved ? RESOLVED : null,
        helpful: { replyId, solved, answeredAt: '2026-12-01T10:01:00Z' },
      });
    })
    .on('POST', /^\/api\/conversations\/c1\/feedback$/, (r) =>
      json(200, { rating: (r.body as { rating: number }).rating }),
    );
  return { stream, server };
}

const renderChat = () => render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
const prompt = () => screen.queryByRole('group', { name: 'Did this solve it?' });
const bubble = (text: string) => screen.getByText(text).closest('li')!;

describe('ChatPage: did this solve it?', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('asks under the last finished reply only, and again under each new reply', async () => {
    const { stream } = setUp({
      messages: [
        QUESTION,
        { ...ANSWER, messageId: 'r0', text: 'An older answer.' },
        { ...QUESTION, messageId: 'm2', text: 'And my charger?' },
        ANSWER,
      ],
    });
    const user = userEvent.setup();
    renderChat();
    await screen.findByText('They are in transit with ParcelPro.');
    expect(screen.getAllByRole('group', { name: 'Did this solve it?' })).toHaveLength(1);
    const ask = prompt()!;
    expect(bubble('They are in transit with ParcelPro.')).toContainElement(ask);
    expect(within(ask).getByRole('button', { name: 'Yes' })).toBeEnabled();
    expect(within(ask).getByRole('button', { name: 'No' })).toBeEnabled();
    await waitFor(() => expect(stream.connections).toBe(1));

    // the customer writes again: the prompt goes; not while the next reply is being written
    await user.type(screen.getByLabelText('Message'), 'One more thing{Enter}');
    await waitFor(() => expect(prompt()).toBeNull());
    act(() => stream.send('assistant.delta', { replyId: 'r2', seq: 0, text: 'Sure, ' }));
    await screen.findByText(/Sure,/);
    expect(prompt()).toBeNull();
    act(() => stream.send('assistant.completed', { replyId: 'r2', text: 'Sure, ask away.' }));
    await waitFor(() => expect(bubble('Sure, ask away.')).toContainElement(prompt()));
  });

  it('asks after the cards of the reply, without disturbing them', async () => {
    const { stream } = setUp({ messages: [QUESTION] });
    renderChat();
    await screen.findByText('Where are my headphones?');
    await waitFor(() => expect(stream.connections).toBe(1));
    act(() => stream.send('assistant.delta', { replyId: 'r1', seq: 0, text: 'I can start a return ' }));
    act(() => stream.send('action.proposed', PROPOSED_RETURN));
    const confirm = await screen.findByRole('button', { name: 'Confirm' });
    confirm.focus();
    act(() => stream.send('assistant.completed', { replyId: 'r1', text: 'I can start a return for you.' }));
    const ask = await screen.findByRole('group', { name: 'Did this solve it?' });
    const li = bubble('I can start a return for you.');
    expect(li).toContainElement(ask);
    expect(screen.getByRole('group', { name: 'Start a return' }).compareDocumentPosition(ask)).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    // the same card, still focused: not mounted again when the prompt came
    expect(screen.getByRole('button', { name: 'Confirm' })).toBe(confirm);
    expect(confirm).toHaveFocus();
  });

  it('does not ask in a conversation with a person, closed, or already resolved', async () => {
    for (const transcript of [
      { status: 'WAITING_FOR_AGENT' },
      { status: 'WITH_AGENT' },
      { status: 'CLOSED' },
      { outcome: { ...RESOLVED, basis: 'ASSUMED' } },
    ]) {
      setUp(transcript);
      const { unmount } = renderChat();
      await screen.findByText('They are in transit with ParcelPro.');
      expect(prompt()).toBeNull();
      unmount();
    }
  });

  it('yes: posts the answer about that reply, thanks the customer and offers the rating right there', async () => {
    const { server } = setUp();
    const user = userEvent.setup();
    renderChat();
    await screen.findByText('They are in transit with ParcelPro.');
    expect(screen.queryByRole('group', { name: /How did we do/ })).toBeNull(); // not before it is resolved

    await user.click(within(prompt()!).getByRole('button', { name: 'Yes' }));
    expect(await screen.findByText('Glad that helped.')).toBeInTheDocument();
    expect(server.sent('POST', /resolution$/)).toHaveLength(1);
    expect(server.sent('POST', /resolution$/)[0]).toMatchObject({
      path: '/api/conversations/c1/resolution',
      body: { replyId: 'r1', solved: true },
      headers: { Authorization: 'Bearer tok-carlos' },
    });
    expect(prompt()).toBeNull();
    expect(bubble('They are in transit with ParcelPro.')).toHaveTextContent('Glad that helped.');
    const rating = screen.getByRole('group', { name: /How did we do/ });
    expect(within(rating).getByLabelText('1')).toHaveFocus(); // from the removed button to the next step
    expect(screen.getByRole('status')).toHaveTextContent(
      'Glad that helped. How did we do? You can rate this conversation now.',
    );
    // who answers has not changed: the conversation stays with the assistant until the customer leaves
    expect(screen.getByText('The assistant is answering')).toBeInTheDocument();

    await user.click(within(rating).getByLabelText('5'));
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByText('Thank you for rating us 5 out of 5.', { selector: 'p' })).toBeInTheDocument();
    expect(server.sent('POST', /feedback$/)[0].body).toEqual({ rating: 5 });
    expect(screen.queryByRole('group', { name: /How did we do/ })).toBeNull();
  });

  it('yes: the rating takes focus even when the outcome reaches the stream before the answer returns', async () => {
    const { server, stream } = setUp();
    // routes added later win: the outcome is pushed first, the answer comes a moment later
    server.on('POST', /^\/api\/conversations\/c1\/resolution$/, async (r) => {
      const { replyId } = r.body as { replyId: string };
      act(() =>
        stream.send('conversation.outcome', {
          outcome: 'RESOLVED_BY_ASSISTANT',
          basis: 'CONFIRMED',
          handoffReason: null,
          reopened: false,
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      return json(200, { outcome: RESOLVED, helpful: { replyId, solved: true, answeredAt: '2026-12-01T10:01:00Z' } });
    });
    const user = userEvent.setup();
    renderChat();
    await screen.findByText('They are in transit with ParcelPro.');

    await user.click(within(prompt()!).getByRole('button', { name: 'Yes' }));

    expect(await screen.findByText('Glad that helped.')).toBeInTheDocument();
    const rating = screen.getByRole('group', { name: /How did we do/ });
    await waitFor(() => expect(within(rating).getByLabelText('1')).toHaveFocus());
  });

  it('no: posts it, says how to go on, and leaves Talk to a person as it is', async () => {
    const { server } = setUp();
    const user = userEvent.setup();
    renderChat();
    await screen.findByText('They are in transit with ParcelPro.');
    await user.click(within(prompt()!).getByRole('button', { name: 'No' }));
    expect(
      await screen.findByText('Sorry about that. Tell me more, or press Talk to a person.', { selector: 'p' }),
    ).toBeInTheDocument();
    expect(server.sent('POST', /resolution$/)[0].body).toEqual({ replyId: 'r1', solved: false });
    expect(screen.getByLabelText('Message')).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('Sorry about that. Tell me more, or press Talk to a person.');
    expect(screen.getByRole('button', { name: 'Talk to a person' })).toBeEnabled();
    expect(screen.queryByRole('group', { name: /How did we do/ })).toBeNull();
  });

  it('says what went wrong and gives the buttons back', async () => {
    const { server } = setUp();
    server.on('POST', /resolution$/, () => problem(409, 'This conversation is with a person or closed'));
    const user = userEvent.setup();
    renderChat();
    await screen.findByText('They are in transit with ParcelPro.');
    await user.click(within(prompt()!).getByRole('button', { name: 'Yes' }));
    const ask = prompt()!;
    expect(await within(ask).findByRole('alert')).toHaveTextContent('This conversation is with a person or closed');
    expect(within(ask).getByRole('button', { name: 'Yes' })).toBeEnabled();
    expect(within(ask).getByRole('button', { name: 'Yes' })).toHaveFocus();
    expect(within(ask).getByRole('button', { name: 'No' })).toBeEnabled();
    expect(screen.queryByText('Glad that helped.')).toBeNull();

    // tried again, it works
    server.on('POST', /resolution$/, () =>
      json(200, { outcome: null, helpful: { replyId: 'r1', solved: false, answeredAt: '2026-12-01T10:02:00Z' } }),
    );
    await user.click(within(ask).getByRole('button', { name: 'No' }));
    expect(
      await screen.findByText('Sorry about that. Tell me more, or press Talk to a person.', { selector: 'p' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the answer already given after a reload, and the rating of a resolved conversation once', async () => {
    setUp({ outcome: RESOLVED, helpful: { replyId: 'r1', solved: true, answeredAt: '2026-12-01T10:01:00Z' } });
    renderChat();
    expect(await screen.findByText('Glad that helped.')).toBeInTheDocument();
    expect(prompt()).toBeNull();
    expect(screen.getAllByRole('group', { name: /How did we do/ })).toHaveLength(1);
    expect(within(screen.getByRole('group', { name: /How did we do/ })).getByLabelText('1')).not.toHaveFocus();
  });

  it('follows the outcome live: resolved elsewhere offers the rating; reopened takes it away', async () => {
    const { stream } = setUp();
    renderChat();
    await screen.findByText('They are in transit with ParcelPro.');
    await waitFor(() => expect(stream.connections).toBe(1));
    act(() =>
      stream.send('conversation.outcome', {
        outcome: 'RESOLVED_BY_ASSISTANT',
        basis: 'ASSUMED',
        handoffReason: null,
        reopened: false,
      }),
    );
    expect(await screen.findByRole('group', { name: /How did we do/ })).toBeInTheDocument();
    expect(prompt()).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent(
      'This conversation is resolved. You can rate it now, or write again.',
    );
    act(() =>
      stream.send('conversation.reopened', {
        outcome: 'RESOLVED_BY_ASSISTANT',
        basis: 'ASSUMED',
        handoffReason: null,
        reopened: true,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('group', { name: /How did we do/ })).toBeNull());
    expect(screen.getByRole('status')).toHaveTextContent('The conversation is open again.');
    expect(prompt()).not.toBeNull(); // the reply is still the last message: the question is open again
  });
});

describe('ChatPage: who is answering', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('says it for each state, always shown, and describes Talk to a person', async () => {
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ status: 'OPEN' }, 'The assistant is answering'],
      [{ status: 'WAITING_FOR_AGENT' }, 'Waiting for a person'],
      [
        {
          status: 'WITH_AGENT',
          messages: [QUESTION, { messageId: 's1', role: 'system', text: 'Jordan Lee joined the conversation' }],
        },
        'Jordan Lee (support agent) is answering',
      ],
      [{ status: 'WITH_AGENT', messages: [QUESTION] }, 'A support agent is answering'],
      [{ status: 'CLOSED' }, 'This conversation is closed'],
    ];
    for (const [transcript, line] of cases) {
      setUp(transcript);
      const { unmount } = renderChat();
      await screen.findByText('Where are my headphones?');
      await waitFor(() => expect(screen.getByText(line)).toBeInTheDocument());
      const area = document.getElementById('handoff-state')!;
      expect(area).toContainElement(screen.getByText(line));
      expect(area).not.toHaveAttribute('aria-live'); // said by the chat's live region, not twice
      expect(screen.getByRole('button', { name: 'Talk to a person' })).toHaveAttribute(
        'aria-describedby',
        'handoff-state',
      );
      unmount();
    }
  });

  it('changes live with the stream, and each change is said once in the live region', async () => {
    const { stream } = setUp();
    renderChat();
    expect(await screen.findByText('The assistant is answering')).toBeInTheDocument();
    await waitFor(() => expect(stream.connections).toBe(1));
    const status = () => screen.getByRole('status');

    act(() => stream.send('handoff.requested', { reason: 'sentiment' }));
    expect(await screen.findByText('Waiting for a person')).toBeInTheDocument();
    expect(status()).toHaveTextContent('Waiting for a person.');
    act(() => stream.send('handoff.queued', { position: 2, estimatedWaitSeconds: null }));
    const inLine = 'You are number 2 in line. No agent is online right now; you will be connected as soon as one is.';
    expect(await screen.findByText(inLine)).toBeInTheDocument();
    expect(status()).toHaveTextContent(`Waiting for a person. ${inLine}`);
    act(() => stream.send('handoff.assigned', { agentName: 'Jordan Lee' }));
    expect(await screen.findByText('Jordan Lee will be with you shortly.', { selector: 'span' })).toBeInTheDocument();
    expect(screen.getByText('Waiting for a person')).toBeInTheDocument();
    act(() => stream.send('agent.joined', { agentName: 'Jordan Lee', escalationId: 'e1' }, 'ev1'));
    expect(await screen.findByText('Jordan Lee (support agent) is answering')).toBeInTheDocument();
    expect(status()).toHaveTextContent('Jordan Lee (support agent) joined the conversation and is answering.');
    expect(screen.queryByText('Waiting for a person')).toBeNull();
    expect(prompt()).toBeNull(); // a person answers now

    act(() => stream.send('agent.message', { messageId: 'a1', agentName: 'Jordan Lee', text: 'Hi Carlos' }));
    const message = (await screen.findByText('Hi Carlos')).closest('li')!;
    expect(within(message).getByText('Jordan Lee (support agent)')).toBeInTheDocument();
    expect(status()).toHaveTextContent('Jordan Lee (support agent): Hi Carlos');
    // the assistant's reply says who wrote it too
    expect(within(bubble('They are in transit with ParcelPro.')).getByText('Assistant')).toBeInTheDocument();

    act(() => stream.send('conversation.closed', { conversationId: 'c1' }));
    expect(await screen.findByText('This conversation is closed')).toBeInTheDocument();
    expect(status()).toHaveTextContent('This conversation is closed. You can rate it now.');
  });
});
