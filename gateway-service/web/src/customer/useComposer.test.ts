import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, problem } from '../testing/fakeServer';
import { MAX_LENGTH, useComposer } from './useComposer';

function setUp() {
  const server = fakeServer();
  const options = {
    token: 'tok',
    destination: vi.fn(async () => 'c1'),
    whenConnected: vi.fn(async () => {}),
    dispatch: vi.fn(),
    setError: vi.fn(),
  };
  const hook = renderHook(() => useComposer(options));
  const type = (text: string) => act(() => hook.result.current.setDraft(text));
  const send = () => act(() => hook.result.current.send());
  return { server, options, hook, type, send };
}

const keyOf = (r: { headers: Record<string, string> }) => r.headers['Idempotency-Key'];

describe('useComposer', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('sends the trimmed draft to the conversation shown (a new one if it is closed), once its events are followed', async () => {
    const { server, options, hook, type, send } = setUp();
    server.on('POST', /^\/api\/conversations\/c1\/messages$/, () => json(202, { messageId: 'm1' }));
    type('  Where is my order?  ');
    await send();
    expect(options.destination).toHaveBeenCalledWith({ newIfClosed: true });
    expect(options.whenConnected).toHaveBeenCalled();
    expect(server.sent('POST', /messages$/)[0].body).toEqual({ text: 'Where is my order?' });
    const [sending, sent] = options.dispatch.mock.calls.map((c) => c[0]);
    expect(sending).toMatchObject({ type: 'sending', text: 'Where is my order?' });
    expect(sent).toEqual({ type: 'sent', localId: sending.localId, messageId: 'm1' });
    expect(hook.result.current.draft).toBe('');
    expect(hook.result.current.sending).toBe(false);
  });

  it('sends nothing but says why when the message is too long, or nothing at all when it is blank', async () => {
    const { server, options, type, send } = setUp();
    type('   ');
    await send();
    type('x'.repeat(MAX_LENGTH + 1));
    await send();
    expect(options.setError).toHaveBeenCalledWith('Messages can be at most 4,000 characters.');
    expect(server.requests).toHaveLength(0);
  });

  it('puts a message that failed back in the box, and sends it again with the same Idempotency-Key', async () => {
    const { server, options, hook, type, send } = setUp();
    let calls = 0;
    server.on('POST', /messages$/, () => (++calls === 1 ? problem(400, 'Not now') : json(202, { messageId: 'm2' })));
    type('Hello');
    await send();
    expect(options.setError).toHaveBeenLastCalledWith('Not now');
    expect(options.dispatch).toHaveBeenLastCalledWith({ type: 'sendFailed', localId: expect.any(String) });
    expect(hook.result.current.draft).toBe('Hello');

    await send();
    const [first, second] = server.sent('POST', /messages$/);
    expect(keyOf(second)).toBe(keyOf(first));
    type('Something else');
    await send();
    expect(keyOf(server.sent('POST', /messages$/)[2])).not.toBe(keyOf(first));
  });

  it('says why when there is no conversation to send to, and keeps the draft', async () => {
    const { server, options, hook, type, send } = setUp();
    options.destination.mockRejectedValueOnce(new Error('Cannot reach SMART Support.'));
    type('Hello');
    await send();
    expect(options.setError).toHaveBeenLastCalledWith('Cannot reach SMART Support.');
    expect(server.requests).toHaveLength(0);
    expect(options.dispatch).not.toHaveBeenCalled();
    expect(hook.result.current.draft).toBe('Hello');
  });
});
