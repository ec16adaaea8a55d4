import { describe, expect, it } from 'vitest';
import type { ActionView } from '../api/types';
import { COMPLETED_RETURN, PROPOSED_RETURN } from '../testing/actions';
import { actionFrom, costText, mergeLoaded, newer } from './actions';
import { chatReducer, emptyChat, type ChatAction, type ChatState } from './chatState';

const run = (actions: ChatAction[], from: ChatState = emptyChat) => actions.reduce(chatReducer, from);
const ev = (name: string, data: unknown): ChatAction => ({
  type: 'event',
  name,
  id: null,
  data: data as Record<string, unknown>,
});

const RETURN = PROPOSED_RETURN;
const DONE = COMPLETED_RETURN;

const transcript = (actions?: ActionView[], messages = [{ messageId: 'r1', role: 'assistant', text: 'Sure.' }]) =>
  ({
    type: 'loaded',
    transcript: { conversationId: 'c1', status: 'OPEN', messages, ...(actions ? { actions } : {}) },
  }) as ChatAction;

describe('the assistant actions in the chat state', () => {
  it('takes them from a loaded transcript, none when it has none', () => {
    expect(run([transcript([RETURN, { ...RETURN, actionId: 'act_2', status: 'DECLINED' }])]).actions).toEqual([
      RETURN,
      { ...RETURN, actionId: 'act_2', status: 'DECLINED' },
    ]);
    expect(run([transcript()]).actions).toEqual([]);
    expect(
      run([
        transcript([RETURN]),
        {
          type: 'loaded',
          transcript: {
            conversationId: 'c2',
            status: 'OPEN',
            messages: [],
            actions: [],
            outcome: null,
            helpful: null,
            handBack: null,
          },
        },
      ]).actions,
    ).toEqual([]);
    // a transcript is history: nothing is announced
    expect(run([transcript([RETURN])]).announcement).toBe('');
  });

  it('upserts them by id from the stream, and announces each change once', () => {
    let s = run([transcript(), ev('action.proposed', RETURN)]);
    expect(s.actions).toEqual([RETURN]);
    expect(s.announcement).toBe(
      `The assistant proposes: Start a return. ${RETURN.detail} You can confirm or decline it.`,
    );
    s = run([ev('action.confirmed', { ...RETURN, status: 'CONFIRMED' })], s);
    expect(s.actions).toEqual([{ ...RETURN, status: 'CONFIRMED' }]);
    expect(s.announcement).toBe('Start a return: Confirmed. Working on it…');
    s = run([ev('action.completed', DONE)], s);
    expect(s.actions).toEqual([DONE]);
    expect(s.announcement).toBe(`Start a return: Done: ${DONE.result}`);
    s = run([ev('action.proposed', { ...RETURN, actionId: 'act_2', title: 'Pause your subscription' })], s);
    expect(s.actions.map((a) => a.actionId)).toEqual(['act_1', 'act_2']);
    s = run(
      [ev('action.declined', { ...RETURN, actionId: 'act_2', title: 'Pause your subscription', status: 'DECLINED' })],
      s,
    );
    expect(s.announcement).toBe('Pause your subscription: You declined this.');
    expect(
      run([ev('action.failed', { ...RETURN, status: 'FAILED', result: 'The order is past its return window.' })])
        .announcement,
    ).toBe("Start a return: Couldn't be done: The order is past its return window.");
    expect(run([ev('action.expired', { ...RETURN, status: 'EXPIRED' })]).announcement).toBe(
      'Start a return: This offer has expired.',
    );
  });

  it('never moves an action backwards: a late proposal or confirmation does not undo its end', () => {
    const s = run([transcript(), ev('action.proposed', RETURN), ev('action.completed', DONE)]);
    const after = run(
      [
        ev('action.proposed', RETURN),
        ev('action.confirmed', { ...RETURN, status: 'CONFIRMED' }),
        ev('action.expired', { ...RETURN, status: 'EXPIRED' }), // another end, later: the first one stays
      ],
      s,
    );
    expect(after).toBe(s);
    expect(after.actions).toEqual([DONE]);
    // the same point again may say more
    const more = run([ev('action.completed', { ...DONE, result: 'Return RMA-7F3K2QZ1 started.' })], s);
    expect(more.actions[0].result).toBe('Return RMA-7F3K2QZ1 started.');
    expect(more.announcement).toBe(s.announcement); // not announced again: the status is the same
  });

  it('keeps what the stream said when an older transcript arrives for the same conversation', () => {
    const s = run([transcript(), ev('action.completed', DONE), transcript([RETURN])]);
    expect(s.actions).toEqual([DONE]);
    // and an action only the stream knows about stays, after the transcript's
    const t = run([transcript(), ev('action.proposed', { ...RETURN, actionId: 'act_9' }), transcript([RETURN])]);
    expect(t.actions.map((a) => a.actionId)).toEqual(['act_1', 'act_9']);
  });

  it('applies an answer (actionsLoaded) only to its own conversation', () => {
    const s = run([transcript([RETURN])]);
    const done = run([{ type: 'actionsLoaded', conversationId: 'c1', actions: [DONE] }], s);
    expect(done.actions).toEqual([DONE]);
    expect(done.announcement).toBe(`Start a return: Done: ${DONE.result}`);
    expect(run([{ type: 'actionsLoaded', conversationId: 'c2', actions: [DONE] }], s)).toBe(s);
    expect(run([{ type: 'actionsLoaded', conversationId: 'c1', actions: [RETURN] }], done)).toBe(done);
  });

  it('announces a proposal made with a reply still being written together with the finished reply', () => {
    let s = run([
      transcript([], []),
      ev('assistant.delta', { replyId: 'r1', seq: 0, text: 'I can start' }),
      ev('action.proposed', RETURN),
    ]);
    expect(s.actions).toEqual([RETURN]);
    expect(s.announcement).toBe('');
    s = run([ev('assistant.completed', { replyId: 'r1', text: 'I can start a return for you.' })], s);
    expect(s.announcement).toBe(
      `Assistant: I can start a return for you. The assistant proposes: Start a return. ${RETURN.detail} You can confirm or decline it.`,
    );
  });

  it('ignores malformed action events', () => {
    const s = run([transcript()]);
    for (const data of [
      {},
      { ...RETURN, actionId: '' },
      { ...RETURN, status: 'DONE' },
      { ...RETURN, title: 5 },
      null,
    ]) {
      expect(run([ev('action.proposed', data)], s)).toBe(s);
    }
    const loose = actionFrom({ ...RETURN, cost: { amount: 'six', currency: 'USD' }, detail: undefined, orderId: 7 });
    expect(loose).toMatchObject({ cost: null, detail: '', orderId: null });
  });
});

describe('actions helpers', () => {
  it('says what an action costs', () => {
    expect(costText({ amount: 6.95, currency: 'USD' })).toBe('Costs USD 6.95');
    expect(costText({ amount: 1234.5, currency: 'EUR' })).toBe('Costs EUR 1,234.50');
    expect(costText({ amount: 500, currency: 'JPY' })).toBe('Costs JPY 500');
    expect(costText({ amount: 0, currency: 'USD' })).toBe('No cost');
    expect(costText(null)).toBe('No cost');
  });

  it('orders the statuses: PROPOSED < CONFIRMED < the ends', () => {
    expect(newer({ ...RETURN, status: 'CONFIRMED' }, RETURN).status).toBe('CONFIRMED');
    expect(newer(RETURN, { ...RETURN, status: 'EXPIRED' }).status).toBe('EXPIRED');
    expect(newer({ ...RETURN, status: 'DECLINED' }, DONE).status).toBe('DECLINED');
    expect(mergeLoaded([DONE], [RETURN])).toEqual([DONE]);
  });
});
