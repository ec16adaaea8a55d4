import { describe, expect, it } from 'vitest';
import { chatReducer, emptyChat, type ChatAction, type ChatState } from './chatState';

const run = (actions: ChatAction[], from: ChatState = emptyChat) => actions.reduce(chatReducer, from);
const ev = (name: string, data: Record<string, unknown>, id: string | null = null): ChatAction => ({
  type: 'event',
  name,
  id,
  data,
});
const loaded = (status: ChatState['status'] = 'OPEN'): ChatAction => ({
  type: 'loaded',
  transcript: {
    conversationId: 'c1',
    status,
    messages: [{ messageId: 'm1', role: 'customer', text: 'Hi' }],
    actions: [],
    outcome: null,
    helpful: null,
    handBack: null,
  },
});

describe('chatReducer', () => {
  it('builds a reply token by token, then replaces it with the completed text exactly once', () => {
    const s = run([
      loaded(),
      ev('assistant.delta', { replyId: 'r1', seq: 0, text: 'Your ' }),
      ev('assistant.delta', { replyId: 'r1', seq: 1, text: 'order' }),
    ]);
    expect(s.messages.at(-1)).toMatchObject({ id: 'r1', role: 'assistant', text: 'Your order', streaming: true });
    const done = run(
      [
        ev('assistant.completed', { replyId: 'r1', text: 'Your order ships today.', source: 'fallback' }),
        ev('assistant.delta', { replyId: 'r1', seq: 1, text: 'order' }), // a late re-sent chunk
        ev('assistant.completed', { replyId: 'r1', text: 'Your order ships today.', source: 'fallback' }),
      ],
      s,
    );
    expect(done.messages.filter((m) => m.id === 'r1')).toEqual([
      expect.objectContaining({ text: 'Your order ships today.', streaming: false, source: 'fallback' }),
    ]);
    expect(done.awaitingReply).toBe(false);
    expect(done.announcement).toBe('Assistant: Your order ships today.');
  });

  it('waits for a reply after the customer writes, and keeps the message if the server refuses it', () => {
    const s = run([loaded(), { type: 'sending', localId: 'l1', text: 'Where is it?', time: 't' }]);
    expect(s.awaitingReply).toBe(true);
    expect(s.messages.at(-1)).toMatchObject({ id: 'l1', pending: true });
    expect(run([{ type: 'sent', localId: 'l1', messageId: 'm2' }], s).messages.at(-1)).toMatchObject({
      id: 'm2',
      pending: false,
    });
    const failed = run([{ type: 'sendFailed', localId: 'l1' }], s);
    expect(failed.messages.map((m) => m.id)).toEqual(['m1']);
    expect(failed.awaitingReply).toBe(false);
  });

  it('follows a hand-off: queued with position and wait, assigned, joined, agent messages once, closed', () => {
    let s = run([loaded(), { type: 'escalated' }]);
    expect(s.status).toBe('WAITING_FOR_AGENT');
    s = run([ev('handoff.queued', { position: 2, estimatedWaitSeconds: 720, agentsOnline: 1 })], s);
    expect(s.queue).toEqual({ position: 2, estimatedWaitSeconds: 720 });
    s = run([ev('handoff.assigned', { agentName: 'Lee' })], s);
    expect(s).toMatchObject({ queue: null, agentName: 'Lee', announcement: 'Lee will be with you shortly.' });
    s = run([ev('agent.joined', { agentName: 'Lee', escalationId: 'e1' }, 'evt9')], s);
    expect(s.status).toBe('WITH_AGENT');
    expect(s.messages.at(-1)).toMatchObject({ id: 'sys_evt9', role: 'system', text: 'Lee joined the conversation' });
    s = run(
      [
        ev('agent.message', { messageId: 'a1', text: 'Hi, I am Lee', agentName: 'Lee' }),
        ev('agent.message', { messageId: 'a1', text: 'Hi, I am Lee', agentName: 'Lee' }),
      ],
      s,
    );
    expect(s.messages.filter((m) => m.role === 'agent')).toHaveLength(1);
    s = run([ev('conversation.closed', { conversationId: 'c1' }), ev('handoff.queued', { position: 1 })], s);
    expect(s.status).toBe('CLOSED');
    expect(s.queue).toBeNull();
  });

  it('ignores events without the fields it needs', () => {
    const s = run([loaded()]);
    expect(run([ev('assistant.delta', { text: 'x' }), ev('agent.message', {}), ev('unknown', { a: 1 })], s)).toEqual(s);
  });

  it('keeps the sources of a completed reply and of replies in a loaded transcript', () => {
    const returns = { n: 1, articleId: 'kb_returns', title: 'Returns and refunds', passage: 'Within 30 days.' };
    const warranty = { n: 2, articleId: 'kb_warranty', title: 'Warranty', passage: 'Two years.' };
    let s = run([
      loaded(),
      ev('assistant.completed', {
        replyId: 'r1',
        text: 'Within 30 days [1], with a two-year warranty [2].',
        citations: [warranty, returns, { n: 3 }],
      }),
    ]);
    expect(s.messages.at(-1)?.citations).toEqual([returns, warranty]);
    expect(s.announcement).toBe('Assistant: Within 30 days, with a two-year warranty.');
    // re-sent without them (an older event): the sources stay
    s = run(
      [ev('assistant.completed', { replyId: 'r1', text: 'Within 30 days [1], with a two-year warranty [2].' })],
      s,
    );
    expect(s.messages.at(-1)?.citations).toEqual([returns, warranty]);
    expect(
      run([loaded(), ev('assistant.completed', { replyId: 'r2', text: 'No sources', citations: [] })]).messages.at(-1),
    ).not.toHaveProperty('citations');
    const t = run([
      {
        type: 'loaded',
        transcript: {
          conversationId: 'c1',
          status: 'OPEN',
          actions: [],
          outcome: null,
          helpful: null,
          handBack: null,
          messages: [
            { messageId: 'r1', role: 'assistant', text: 'Yes [1]', citations: [{ ...returns, title: '' }] },
            { messageId: 'r2', role: 'assistant', text: 'Older' },
          ],
        },
      },
    ]);
    expect(t.messages[0].citations).toEqual([{ ...returns, title: 'Source 1' }]);
    expect(t.messages[1].citations).toBeUndefined();
  });
});
