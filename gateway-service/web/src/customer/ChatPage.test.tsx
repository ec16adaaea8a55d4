import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../api/types';
import { fakeServer, json, problem, SseChannel } from '../testing/fakeServer';
import { ChatPage } from './ChatPage';

const session: Session = {
  accessToken: 'tok-carlos',
  role: 'CUSTOMER',
  subject: 'cus_1',
  expiresAt: Date.now() + 3600_000,
};

function setUp(transcript: Record<string, unknown> = { conversationId: 'c1', status: 'OPEN', messages: [] }) {
  const stream = new SseChannel();
  const server = fakeServer()
    .on('GET', /^\/api\/conversations$/, () =>
      json(200, [{ conversationId: 'c1', status: transcript.status, createdAt: '2026-11-20T10:00:00Z' }]),
    )
    .on('GET', /^\/api\/conversations\/c1$/, () => json(200, transcript))
    .on('GET', /^\/api\/conversations\/c1\/events$/, () => stream.response())
    .on('POST', /^\/api\/conversations\/c1\/messages$/, () => json(202, { messageId: 'm-new' }))
    .on('POST', /^\/api\/conversations\/c1\/escalate$/, () => new Response(null, { status: 202 }))
    .on('POST', /^\/api\/conversations\/c1\/feedback$/, (r) =>
      json(200, { rating: (r.body as { rating: number }).rating }),
    );
  return { stream, server };
}

describe('ChatPage', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('sends a message and shows the reply as it streams in, then complete, announced once', async () => {
    const { stream, server } = setUp();
    const user = userEvent.setup();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    await waitFor(() => expect(stream.connections).toBe(1));

    await user.type(screen.getByLabelText('Message'), 'Where are my headphones?{Enter}');
    await waitFor(() => expect(server.sent('POST', /messages$/)).toHaveLength(1));
    expect(server.sent('POST', /messages$/)[0]).toMatchObject({
      body: { text: 'Where are my headphones?' },
      headers: { Authorization: 'Bearer tok-carlos' },
    });
    expect(await screen.findByText('The assistant is writing a reply…')).toBeInTheDocument();

    act(() => stream.send('assistant.delta', { replyId: 'r1', seq: 0, text: 'Your SoundWave ' }));
    const bubble = (await screen.findByText(/Your SoundWave/)).closest('li')!;
    expect(bubble).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByText('The assistant is writing a reply…')).toBeNull();
    act(() => stream.send('assistant.delta', { replyId: 'r1', seq: 1, text: 'headphones are in transit.' }));
    await waitFor(() => expect(bubble).toHaveTextContent('Your SoundWave headphones are in transit.'));

    act(() =>
      stream.send('assistant.completed', {
        replyId: 'r1',
        text: 'Your SoundWave headphones are in transit.',
        source: 'fallback',
      }),
    );
    await waitFor(() => expect(bubble).not.toHaveAttribute('aria-busy'));
    expect(within(bubble).getByText('automatic answer')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Assistant: Your SoundWave headphones are in transit.');
  });

  it('keeps the conversation list open when the customer opens it while the latest conversation is resumed', async () => {
    const { server } = setUp();
    let releaseList: () => void = () => {};
    const listed = new Promise<void>((resolve) => {
      releaseList = resolve;
    });
    server.on('GET', /^\/api\/conversations$/, async () => {
      await listed; // a slow list: the customer opens the list before the latest conversation is resumed
      return json(200, [{ conversationId: 'c1', status: 'OPEN', createdAt: '2026-11-20T10:00:00Z' }]);
    });
    const user = userEvent.setup();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    const toggle = screen.getByRole('button', { name: 'Conversations' });
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    releaseList();
    await waitFor(() => expect(server.sent('GET', /^\/api\/conversations\/c1$/)).toHaveLength(1));
    await screen.findByRole('button', { name: /Open/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    // choosing a conversation folds the list away
    await user.click(screen.getByRole('button', { name: /Open/ }));
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('retries a message whose answer was lost with the same Idempotency-Key, and shows it once', async () => {
    const { server } = setUp();
    let calls = 0;
    server.on('POST', /messages$/, () =>
      ++calls === 1 ? problem(503, 'briefly unavailable') : json(202, { messageId: `m-${calls}` }),
    );
    const user = userEvent.setup();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    await user.type(await screen.findByLabelText('Message'), 'Is my order lost?{Enter}');
    await waitFor(() => expect(server.sent('POST', /messages$/)).toHaveLength(2), { timeout: 3000 });
    const [first, second] = server.sent('POST', /messages$/);
    const key = (first.headers as Record<string, string>)['Idempotency-Key'];
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect((second.headers as Record<string, string>)['Idempotency-Key']).toBe(key);
    expect(await screen.findAllByText('Is my order lost?')).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();

    await user.type(screen.getByLabelText('Message'), 'Another question{Enter}');
    await waitFor(() => expect(server.sent('POST', /messages$/)).toHaveLength(3));
    expect((server.sent('POST', /messages$/)[2].headers as Record<string, string>)['Idempotency-Key']).not.toBe(key);
  });

  it('keeps what the customer typed when sending fails, and says why', async () => {
    const { server } = setUp();
    server.on('POST', /messages$/, () => problem(400, 'text: must be 1 to 4,000 characters'));
    const user = userEvent.setup();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    await user.type(await screen.findByLabelText('Message'), 'Hello{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('text: must be 1 to 4,000 characters');
    expect(screen.getByLabelText('Message')).toHaveValue('Hello');
  });

  it('hands off to a person: queue position, agent name, agent messages, then a rating', async () => {
    const { stream, server } = setUp();
    const user = userEvent.setup();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    await waitFor(() => expect(stream.connections).toBe(1));

    await user.click(screen.getByRole('button', { name: 'Talk to a person' }));
    await waitFor(() => expect(server.sent('POST', /escalate$/)).toHaveLength(1));
    expect(server.sent('POST', /escalate$/)[0].body).toMatchObject({ language: navigator.language.slice(0, 2) });
    expect(await screen.findByText('Waiting for a person')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Talk to a person' })).toBeDisabled();

    act(() =>
      stream.send('handoff.queued', { escalationId: 'e1', position: 3, estimatedWaitSeconds: 1080, agentsOnline: 1 }),
    );
    expect(await screen.findByText('You are number 3 in line; the wait is about 18 minutes.')).toBeInTheDocument();
    act(() => stream.send('agent.joined', { escalationId: 'e1', agentId: 'agt_lee', agentName: 'Lee' }, 'ev1'));
    expect(await screen.findByText('Lee (support agent) is answering')).toBeInTheDocument();
    act(() =>
      stream.send('agent.message', {
        messageId: 'a1',
        escalationId: 'e1',
        agentName: 'Lee',
        text: 'Hi Carlos, <b>Lee</b> here',
      }),
    );
    expect(await screen.findByText('Hi Carlos, <b>Lee</b> here')).toBeInTheDocument();
    expect(screen.getByText('Lee (support agent)')).toBeInTheDocument();

    act(() => stream.send('conversation.closed', { conversationId: 'c1' }));
    const rating = await screen.findByRole('group', { name: /How did we do/ });
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please choose a rating from 1 to 5.');
    await user.click(within(rating).getByLabelText('5'));
    await user.type(screen.getByLabelText('Comment (optional)'), 'Quick and kind');
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByText('Thank you for rating us 5 out of 5.', { selector: 'p' })).toBeInTheDocument();
    expect(server.sent('POST', /feedback$/)[0].body).toEqual({ rating: 5, comment: 'Quick and kind' });
  });

  it('shows history with its sources and offers no rating for a conversation already rated', async () => {
    setUp({
      conversationId: 'c1',
      status: 'CLOSED',
      feedback: { rating: 4 },
      messages: [
        { messageId: 'm1', role: 'customer', text: 'Hi', time: '2026-11-20T10:00:00Z' },
        { messageId: 'r1', role: 'assistant', text: 'Hello **Carlos**', source: 'llm', time: '2026-11-20T10:00:01Z' },
      ],
    });
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    expect(await screen.findByText('Carlos')).toHaveProperty('tagName', 'STRONG');
    expect(screen.getByText('Thank you for rating us 4 out of 5.')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: /How did we do/ })).toBeNull();
    expect(screen.queryByText('automatic answer')).toBeNull();
  });

  it('reads completed replies aloud when the toggle is on, and remembers the choice per user', async () => {
    const speak = vi.fn();
    vi.stubGlobal('speechSynthesis', { speak, cancel: vi.fn() });
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        constructor(public text: string) {}
      },
    );
    const { stream } = setUp();
    const user = userEvent.setup();
    const { unmount } = render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    await waitFor(() => expect(stream.connections).toBe(1));
    const toggle = screen.getByRole('button', { name: 'Read aloud' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    act(() => stream.send('assistant.completed', { replyId: 'r0', text: 'Not spoken' }));
    await screen.findByText('Not spoken');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    act(() => stream.send('assistant.completed', { replyId: 'r1', text: 'Your order **ships** today' }));
    await waitFor(() => expect(speak).toHaveBeenCalledTimes(1));
    expect(speak.mock.calls[0][0].text).toBe('Your order ships today');
    expect(localStorage.getItem('smart-support.readAloud.cus_1')).toBe('true');
    unmount();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    expect(await screen.findByRole('button', { name: 'Read aloud' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('sends a message typed while a new conversation is being created to that new conversation', async () => {
    const { stream, server } = setUp({
      conversationId: 'c1',
      status: 'OPEN',
      messages: [{ messageId: 'm1', role: 'customer', text: 'Old question' }],
    });
    let create: (r: Response) => void = () => {};
    const stream2 = new SseChannel();
    server
      .on(
        'POST',
        /^\/api\/conversations$/,
        () =>
          new Promise<Response>((resolve) => {
            create = resolve;
          }),
      )
      .on('GET', /^\/api\/conversations\/c2\/events$/, () => stream2.response())
      .on('POST', /^\/api\/conversations\/c2\/messages$/, () => json(202, { messageId: 'm-c2' }));
    const user = userEvent.setup();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    expect(await screen.findByText('Old question')).toBeInTheDocument();
    await waitFor(() => expect(stream.connections).toBe(1));

    await user.click(screen.getByRole('button', { name: 'New conversation' }));
    await user.type(screen.getByLabelText('Message'), 'A new topic{Enter}');
    expect(server.sent('POST', /messages$/)).toHaveLength(0); // held until the new conversation exists
    await act(async () => create(json(201, { conversationId: 'c2' })));
    await waitFor(() => expect(server.sent('POST', /\/c2\/messages$/)).toHaveLength(1));
    expect(server.sent('POST', /\/c1\/messages$/)).toHaveLength(0);
    expect(screen.queryByText('Old question')).toBeNull();
    expect(screen.getByText('A new topic')).toBeInTheDocument();
  });

  it('ends the session when the server closes the stream because the token expired', async () => {
    const { stream } = setUp();
    const expired = vi.fn();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={expired} />);
    await waitFor(() => expect(stream.connections).toBe(1));
    act(() => stream.send('session.expired', { reason: 'token expired' }));
    act(() => stream.close());
    await waitFor(() => expect(expired).toHaveBeenCalled());
    expect(stream.connections).toBe(1); // no reconnect with a dead token
  });

  it('ends the session when the stream says the token is no longer valid', async () => {
    const { server } = setUp();
    server.on('GET', /events$/, () => problem(401, 'expired'));
    const expired = vi.fn();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={expired} />);
    await waitFor(() => expect(expired).toHaveBeenCalled());
  });
});
