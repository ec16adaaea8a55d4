import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, SseChannel } from '../testing/fakeServer';
import { useConversation } from './useConversation';

function setUp(
  list: unknown[],
  transcript: Record<string, unknown> = { conversationId: 'c1', status: 'OPEN', messages: [] },
) {
  const stream = new SseChannel();
  const server = fakeServer()
    .on('GET', /^\/api\/conversations$/, () => json(200, list))
    .on('GET', /^\/api\/conversations\/c1$/, () => json(200, transcript))
    .on('GET', /^\/api\/conversations\/c\d\/events$/, () => stream.response())
    .on('POST', /^\/api\/conversations$/, () => json(201, { conversationId: 'c2' }));
  const options = { token: 'tok', onExpired: vi.fn(), setError: vi.fn() };
  const hook = renderHook(() => useConversation(options));
  return { stream, server, options, hook };
}

describe('useConversation', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('opens the newest conversation and follows its events; its history is not new', async () => {
    const { stream, hook } = setUp([{ conversationId: 'c1', status: 'OPEN' }], {
      conversationId: 'c1',
      status: 'OPEN',
      messages: [{ messageId: 'r0', role: 'assistant', text: 'Earlier' }],
    });
    await waitFor(() => expect(hook.result.current.ready).toBe(true));
    await waitFor(() => expect(hook.result.current.chat.conversationId).toBe('c1'));
    expect(hook.result.current.conversations).toHaveLength(1);
    expect(hook.result.current.wasLoaded('r0')).toBe(true);
    await waitFor(() => expect(stream.connections).toBe(1));
    act(() => stream.send('agent.message', { messageId: 'a1', agentName: 'Lee', text: 'Hi' }));
    await waitFor(() => expect(hook.result.current.chat.messages.map((m) => m.id)).toEqual(['r0', 'a1']));
    expect(hook.result.current.wasLoaded('a1')).toBe(false);
  });

  it('starts a conversation where none is shown, and a new one in place of a closed one when asked to', async () => {
    const { server, hook } = setUp([]);
    await waitFor(() => expect(hook.result.current.ready).toBe(true));
    expect(hook.result.current.chat.conversationId).toBeNull();
    let id = '';
    await act(async () => {
      id = await hook.result.current.destination({ newIfClosed: true });
    });
    expect(id).toBe('c2');
    expect(server.sent('POST', /^\/api\/conversations$/)).toHaveLength(1);
    expect(hook.result.current.chat).toMatchObject({ conversationId: 'c2', status: 'OPEN' });
    await act(async () => {
      id = await hook.result.current.destination({ newIfClosed: true });
    });
    expect(id).toBe('c2'); // the one shown, still open
    act(() => hook.result.current.dispatch({ type: 'event', name: 'conversation.closed', id: null, data: {} }));
    await act(async () => {
      id = await hook.result.current.destination({ newIfClosed: false });
    });
    expect(id).toBe('c2');
    await act(async () => {
      await hook.result.current.destination({ newIfClosed: true });
    });
    expect(server.sent('POST', /^\/api\/conversations$/)).toHaveLength(2);
  });

  it('leaves the newest conversation closed when the customer started another meanwhile', async () => {
    let listed: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      listed = resolve;
    });
    const stream = new SseChannel();
    const server = fakeServer()
      .on('GET', /^\/api\/conversations$/, async () => {
        await slow;
        return json(200, [{ conversationId: 'c1', status: 'OPEN' }]);
      })
      .on('GET', /^\/api\/conversations\/c\d\/events$/, () => stream.response())
      .on('POST', /^\/api\/conversations$/, () => json(201, { conversationId: 'c2' }));
    const options = { token: 'tok', onExpired: () => {}, setError: () => {} };
    const { result } = renderHook(() => useConversation(options));
    await act(async () => {
      await result.current.start();
    });
    listed();
    await waitFor(() => expect(result.current.ready).toBe(true));
    expect(server.sent('GET', /^\/api\/conversations\/c1$/)).toHaveLength(0);
    expect(result.current.chat.conversationId).toBe('c2');
    await waitFor(() => expect(result.current.conversations).toHaveLength(1));
  });
});
