import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, problem, SseChannel } from '../testing/fakeServer';
import { useLiveStream } from './useLiveStream';

function setUp() {
  const one = new SseChannel();
  const two = new SseChannel();
  const server = fakeServer()
    .on('GET', /^\/api\/conversations\/c1\/events$/, () => one.response())
    .on('GET', /^\/api\/conversations\/c2\/events$/, () => two.response())
    .on('GET', /^\/api\/conversations\/c1$/, () => json(200, { conversationId: 'c1', status: 'OPEN', messages: [] }));
  const options = { token: 'tok', onExpired: vi.fn(), onEvent: vi.fn(), onResync: vi.fn() };
  const hook = renderHook(() => useLiveStream(options));
  return { one, two, server, options, hook };
}

describe('useLiveStream', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('passes on the events of the conversation opened, and resolves whenConnected once it is connected', async () => {
    const { one, server, options, hook } = setUp();
    act(() => hook.result.current.open('c1'));
    await hook.result.current.whenConnected();
    expect(one.connections).toBe(1);
    expect(server.sent('GET', /events$/)[0].headers).toMatchObject({ Authorization: 'Bearer tok' });
    act(() => one.send('agent.message', { messageId: 'a1', text: 'Hi' }));
    await waitFor(() => expect(options.onEvent).toHaveBeenCalledWith('agent.message', { messageId: 'a1', text: 'Hi' }));
  });

  it('ends the previous stream when another conversation is opened, and on stop', async () => {
    const { one, two, options, hook } = setUp();
    act(() => hook.result.current.open('c1'));
    await hook.result.current.whenConnected();
    act(() => hook.result.current.open('c2'));
    await hook.result.current.whenConnected();
    act(() => one.send('agent.message', { messageId: 'old' }));
    act(() => two.send('agent.message', { messageId: 'new' }));
    await waitFor(() => expect(options.onEvent).toHaveBeenCalledWith('agent.message', { messageId: 'new' }));
    expect(options.onEvent).not.toHaveBeenCalledWith('agent.message', { messageId: 'old' });
    act(() => hook.result.current.stop());
    act(() => two.send('agent.message', { messageId: 'after' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(options.onEvent).not.toHaveBeenCalledWith('agent.message', { messageId: 'after' });
  });

  it('says it is reconnecting while the stream is down, and fetches the transcript again once it is back', async () => {
    const { one, server, options, hook } = setUp();
    act(() => hook.result.current.open('c1'));
    await hook.result.current.whenConnected();
    expect(server.sent('GET', /^\/api\/conversations\/c1$/)).toHaveLength(0);
    act(() => one.close());
    await waitFor(() => expect(hook.result.current.reconnecting).toBe(true));
    await waitFor(() => expect(one.connections).toBe(2), { timeout: 3000 });
    await waitFor(() => expect(hook.result.current.reconnecting).toBe(false));
    await waitFor(() =>
      expect(options.onResync).toHaveBeenCalledWith({ conversationId: 'c1', status: 'OPEN', messages: [] }),
    );
  });

  it('calls onExpired when the stream is refused for the token', async () => {
    const { server, options, hook } = setUp();
    server.on('GET', /events$/, () => problem(401, 'expired'));
    act(() => hook.result.current.open('c1'));
    await waitFor(() => expect(options.onExpired).toHaveBeenCalled());
  });
});
