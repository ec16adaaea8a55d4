import { describe, expect, it } from 'vitest';
import type { Transcript } from '../api/types';
import { resolutionPrompt } from './answering';
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

const transcriptOf = (action: ChatAction): Transcript => {
  if (action.type !== 'loaded') throw new Error('not a loaded transcript');
  return action.transcript;
};

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
    expect(s).toMatchObject({ status: 'WAITING_FOR_AGENT', announcement: 'Waiting for a person.' });
    s = run([ev('handoff.requested', { reason: 'customer_request' })], s);
    expect(s.announcement).toBe('Waiting for a person.');
    s = run([ev('handoff.queued', { position: 2, estimatedWaitSeconds: 720, agentsOnline: 1 })], s);
    expect(s.queue).toEqual({ position: 2, estimatedWaitSeconds: 720 });
    expect(s.announcement).toBe('Waiting for a person. You are number 2 in line; the wait is about 12 minutes.');
    // the same place sent again is not said again; a new place is
    expect(
      run([{ type: 'rated', feedback: { rating: 1 } }, ev('handoff.queued', { position: 2 })], s).announcement,
    ).toBe('Thank you for rating us 1 out of 5.');
    expect(run([ev('handoff.queued', { position: 1, estimatedWaitSeconds: 60 })], s).announcement).toBe(
      'Waiting for a person. You are number 1 in line; the wait is about 1 minute.',
    );
    s = run([ev('handoff.assigned', { agentName: 'Lee' })], s);
    expect(s).toMatchObject({ queue: null, agentName: 'Lee', announcement: 'Lee will be with you shortly.' });
    s = run([ev('agent.joined', { agentName: 'Lee', escalationId: 'e1' }, 'evt9')], s);
    expect(s.status).toBe('WITH_AGENT');
    expect(s.messages.at(-1)).toMatchObject({ id: 'sys_evt9', role: 'system', text: 'Lee joined the conversation' });
    expect(s.announcement).toBe('Lee (support agent) joined the conversation and is answering.');
    s = run(
      [
        ev('agent.message', { messageId: 'a1', text: 'Hi, I am Lee', agentName: 'Lee' }),
        ev('agent.message', { messageId: 'a1', text: 'Hi, I am Lee', agentName: 'Lee' }),
      ],
      s,
    );
    expect(s.messages.filter((m) => m.role === 'agent')).toHaveLength(1);
    expect(s.announcement).toBe('Lee (support agent): Hi, I am Lee');
    s = run([ev('conversation.closed', { conversationId: 'c1' }), ev('handoff.queued', { position: 1 })], s);
    expect(s.status).toBe('CLOSED');
    expect(s.queue).toBeNull();
    expect(s.announcement).toBe('This conversation is closed. You can rate it now.');
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

  it('knows an agent without a name as a support agent, never as a name', () => {
    let s = run([loaded('WAITING_FOR_AGENT'), ev('handoff.assigned', {})]);
    expect(s).toMatchObject({ agentName: null, announcement: 'An agent will be with you shortly.' });
    s = run([ev('agent.joined', {}, 'e1')], s);
    expect(s.messages.at(-1)?.text).toBe('An agent joined the conversation');
    expect(s.announcement).toBe('A support agent joined the conversation and is answering.');
    s = run([ev('agent.message', { messageId: 'a1', text: 'Hello' })], s);
    expect(s).toMatchObject({ agentName: null, announcement: 'Support agent: Hello' });
  });

  it('goes back to the assistant when the agent hands the conversation back, once', () => {
    let s = run([loaded(), ev('agent.joined', { escalationId: 'e1', agentName: 'Lee' }, 'j1')]);
    expect(s.status).toBe('WITH_AGENT');
    const back = ev('agent.handed_back', { agentName: 'Lee' }, 'b1');
    s = run([back, back], s);
    expect(s).toMatchObject({ status: 'OPEN', agentName: null });
    expect(s.messages.filter((m) => m.text === 'Lee handed the conversation back to the assistant')).toHaveLength(1);
    expect(s.announcement).toBe('Lee handed the conversation back to the assistant. The assistant is answering.');
  });

  it("takes the agent's name from a loaded transcript's notes, and says a change of who answers after a resync", () => {
    const transcript = (status: Transcript['status'], notes: string[]): ChatAction => ({
      type: 'loaded',
      transcript: {
        conversationId: 'c1',
        status,
        actions: [],
        outcome: null,
        helpful: null,
        handBack: null,
        messages: [
          { messageId: 'm1', role: 'customer', text: 'Hi' },
          ...notes.map((text, i) => ({ messageId: `s${i}`, role: 'system' as const, text })),
        ],
      },
    });
    const withLee = run([
      transcript('WITH_AGENT', ['An agent joined the conversation', 'Jordan Lee joined the conversation']),
    ]);
    expect(withLee).toMatchObject({ agentName: 'Jordan Lee', announcement: '' });
    expect(run([transcript('WITH_AGENT', ['An agent joined the conversation'])]).agentName).toBeNull();
    // the stream was down while the agent closed it: fetched again, it says so
    expect(run([transcript('CLOSED', [])], withLee)).toMatchObject({
      status: 'CLOSED',
      agentName: 'Jordan Lee',
      announcement: 'This conversation is closed.',
    });
    // another conversation: nothing is said, no name carried over
    const other = run([{ type: 'loaded', transcript: { ...transcriptOf(loaded()), conversationId: 'c2' } }], withLee);
    expect(other).toMatchObject({ agentName: null, announcement: '' });
  });
});

describe('chatReducer: did this solve it?', () => {
  const reply = (replyId = 'r1', text = 'It ships today.') => ev('assistant.completed', { replyId, text });
  const answered = (solved: boolean, replyId = 'r1', conversationId = 'c1'): ChatAction => ({
    type: 'answered',
    conversationId,
    outcome: solved ? { kind: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED', decidedAt: '2026-12-01T10:00:00Z' } : null,
    helpful: { replyId, solved, answeredAt: '2026-12-01T10:00:00Z' },
  });
  const prompt = (s: ChatState) => resolutionPrompt(s);

  it('keeps the outcome and the answer of a loaded transcript', () => {
    const s = run([
      {
        type: 'loaded',
        transcript: {
          conversationId: 'c1',
          status: 'OPEN',
          actions: [],
          messages: [
            { messageId: 'm1', role: 'customer', text: 'Hi' },
            { messageId: 'r1', role: 'assistant', text: 'Hello' },
          ],
          outcome: { kind: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED', decidedAt: '2026-12-01T10:00:00Z' },
          helpful: { replyId: 'r1', solved: true, answeredAt: '2026-12-01T10:00:00Z' },
          handBack: null,
        },
      },
    ]);
    expect(s.outcome).toMatchObject({ kind: 'RESOLVED_BY_ASSISTANT' });
    expect(s.helpful).toMatchObject({ replyId: 'r1', solved: true });
    expect(prompt(s)).toEqual({ replyId: 'r1', answered: 'yes' });
  });

  it('asks under the last finished reply of an open conversation without an outcome only', () => {
    const streaming = run([loaded(), ev('assistant.delta', { replyId: 'r1', seq: 0, text: 'It ' })]);
    expect(prompt(streaming)).toBeNull();
    const done = run([reply()], streaming);
    expect(prompt(done)).toEqual({ replyId: 'r1', answered: null });
    expect(prompt(run([loaded()]))).toBeNull(); // the last message is the customer's
    expect(prompt(run([{ type: 'escalated' }], done))).toBeNull();
    expect(prompt(run([ev('conversation.closed', {})], done))).toBeNull();
    expect(
      prompt(run([ev('conversation.outcome', { outcome: 'RESOLVED_BY_ASSISTANT', basis: 'ASSUMED' })], done)),
    ).toBeNull();
  });

  it('records a yes: resolved, announced with the offer to rate; the outcome event that follows is not said again', () => {
    let s = run([loaded(), reply(), answered(true)]);
    expect(s.outcome).toMatchObject({ kind: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED' });
    expect(s.helpful).toMatchObject({ replyId: 'r1', solved: true });
    expect(s.announcement).toBe('Glad that helped. How did we do? You can rate this conversation now.');
    expect(prompt(s)).toEqual({ replyId: 'r1', answered: 'yes' });
    const before = s;
    s = run([ev('conversation.outcome', { outcome: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED', reopened: false })], s);
    expect(s).toBe(before);
  });

  it('records a no: the hint, no outcome; a new message hides the prompt and the next reply asks again', () => {
    let s = run([loaded(), reply(), answered(false)]);
    expect(s.outcome).toBeNull();
    expect(s.announcement).toBe('Sorry about that. Tell me more, or press Talk to a person.');
    expect(prompt(s)).toEqual({ replyId: 'r1', answered: 'no' });
    s = run([{ type: 'sending', localId: 'l1', text: 'It did not arrive', time: 't' }], s);
    expect(prompt(s)).toBeNull();
    s = run([{ type: 'sent', localId: 'l1', messageId: 'm2' }, reply('r2', 'Let me check.')], s);
    expect(prompt(s)).toEqual({ replyId: 'r2', answered: null });
  });

  it('ignores an answer about a conversation no longer shown', () => {
    const s = run([loaded(), reply()]);
    expect(run([answered(true, 'r1', 'c0')], s)).toBe(s);
  });

  it('follows outcomes decided elsewhere, and a reopened conversation asks again after the next reply', () => {
    let s = run([loaded(), reply()]);
    s = run([ev('conversation.outcome', { outcome: 'RESOLVED_BY_ASSISTANT', basis: 'ASSUMED', reopened: false })], s);
    expect(s.outcome).toMatchObject({ kind: 'RESOLVED_BY_ASSISTANT', basis: 'ASSUMED' });
    expect(s.announcement).toBe('This conversation is resolved. You can rate it now, or write again.');
    expect(
      run([loaded(), ev('conversation.outcome', { outcome: 'UNRESOLVED', basis: 'CONFIRMED' })]).announcement,
    ).toBe('This conversation is marked as not resolved. You can rate it now, or write again.');
    expect(run([ev('conversation.outcome', { outcome: 'SOMETHING_ELSE' })], s)).toBe(s);

    s = run([{ type: 'sending', localId: 'l1', text: 'One more thing', time: 't' }], s);
    s = run([ev('conversation.reopened', { outcome: 'RESOLVED_BY_ASSISTANT', basis: 'ASSUMED', reopened: true })], s);
    expect(s).toMatchObject({ outcome: null, helpful: null, announcement: 'The conversation is open again.' });
    s = run([{ type: 'sent', localId: 'l1', messageId: 'm2' }, reply('r2')], s);
    expect(prompt(s)).toEqual({ replyId: 'r2', answered: null });
    // reopened again with nothing to undo: nothing changes
    expect(run([ev('conversation.reopened', { reopened: true })], s)).toBe(s);
  });

  it('undoes a yes when the customer writes again', () => {
    let s = run([loaded(), reply(), answered(true), { type: 'rated', feedback: { rating: 5 } }]);
    s = run(
      [
        { type: 'sending', localId: 'l1', text: 'Actually, one more question', time: 't' },
        ev('conversation.reopened', { outcome: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED', reopened: true }),
        reply('r2', 'Sure.'),
      ],
      s,
    );
    expect(s).toMatchObject({ outcome: null, helpful: null, feedback: { rating: 5 } });
    expect(prompt(s)).toEqual({ replyId: 'r2', answered: null });
  });

  it('says nothing more about an outcome decided when the conversation was closed', () => {
    const closed = run([loaded('WITH_AGENT'), ev('conversation.closed', {})]);
    const s = run([ev('conversation.outcome', { outcome: 'RESOLVED_BY_AGENT', basis: 'CONFIRMED' })], closed);
    expect(s.outcome).toMatchObject({ kind: 'RESOLVED_BY_AGENT' });
    expect(s.announcement).toBe('This conversation is closed. You can rate it now.');
  });
});
