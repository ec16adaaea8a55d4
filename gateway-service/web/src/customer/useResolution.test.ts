import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NETWORK_ERROR } from '../api/http';
import { fakeServer, json, problem } from '../testing/fakeServer';
import { NO_SUCH_REPLY, useResolution } from './useResolution';

const HELPFUL = { replyId: 'r1', solved: true, answeredAt: '2026-12-01T10:01:00Z' };
const OUTCOME = { kind: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED', decidedAt: '2026-12-01T10:01:00Z' };

function setUp(conversationId: string | null = 'c/1') {
  const server = fakeServer();
  const options = { token: 'tok', conversationId, dispatch: vi.fn(), retryPauses: [1, 1] };
  const hook = renderHook(() => useResolution(options));
  return { server, options, hook };
}

describe('useResolution', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it("posts the answer about a reply and puts the server's answer into the chat", async () => {
    const { server, options, hook } = setUp();
    server.on('POST', /^\/api\/conversations\/c%2F1\/resolution$/, () =>
      json(200, { outcome: OUTCOME, helpful: HELPFUL }),
    );
    let ok = false;
    await act(async () => {
      ok = await hook.result.current.answer('r1', true);
    });
    expect(ok).toBe(true);
    expect(server.sent('POST', /resolution$/)[0]).toMatchObject({
      body: { replyId: 'r1', solved: true },
      headers: { Authorization: 'Bearer tok' },
    });
    expect(options.dispatch).toHaveBeenCalledWith({
      type: 'answered',
      conversationId: 'c/1',
      outcome: OUTCOME,
      helpful: HELPFUL,
    });
    expect(hook.result.current).toMatchObject({ pending: null, error: null });
  });

  it('asks again when the reply is not stored yet, then says so if it never is', async () => {
    const { server, options, hook } = setUp();
    let calls = 0;
    server.on('POST', /resolution$/, () =>
      ++calls < 3
        ? problem(404, 'No such reply')
        : json(200, { outcome: null, helpful: { ...HELPFUL, solved: false } }),
    );
    await act(() => hook.result.current.answer('r1', false));
    expect(calls).toBe(3);
    expect(options.dispatch).toHaveBeenCalledWith(expect.objectContaining({ type: 'answered', outcome: null }));

    server.on('POST', /resolution$/, () => problem(404, 'No such reply'));
    let ok = true;
    await act(async () => {
      ok = await hook.result.current.answer('r1', true);
    });
    expect(ok).toBe(false);
    expect(hook.result.current.error).toEqual({ replyId: 'r1', message: NO_SUCH_REPLY });
  });

  it("shows the server's reason for a conflict, and the network's failure, without asking again", async () => {
    const { server, options, hook } = setUp();
    server.on('POST', /resolution$/, () => problem(409, 'This conversation is with a person or closed'));
    await act(() => hook.result.current.answer('r1', true));
    expect(server.sent('POST', /resolution$/)).toHaveLength(1);
    expect(hook.result.current.error).toEqual({
      replyId: 'r1',
      message: 'This conversation is with a person or closed',
    });
    server.on('POST', /resolution$/, () => Promise.reject(new TypeError('Failed to fetch')));
    await act(() => hook.result.current.answer('r1', true));
    expect(hook.result.current.error?.message).toBe(NETWORK_ERROR);
    expect(options.dispatch).not.toHaveBeenCalled();
  });

  it('sends nothing without a conversation', async () => {
    const { server, hook } = setUp(null);
    await act(() => hook.result.current.answer('r1', true));
    expect(server.requests).toHaveLength(0);
  });
});
