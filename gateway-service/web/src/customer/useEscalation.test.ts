import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, problem } from '../testing/fakeServer';
import { clientLanguage, useEscalation } from './useEscalation';

function setUp() {
  const server = fakeServer().on(
    'POST',
    /^\/api\/conversations\/c1\/escalate$/,
    () => new Response(null, { status: 202 }),
  );
  const options = {
    token: 'tok',
    destination: vi.fn(async () => 'c1'),
    dispatch: vi.fn(),
    setError: vi.fn(),
  };
  const hook = renderHook(() => useEscalation(options));
  return { server, options, hook };
}

describe('useEscalation', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.restoreAllMocks());

  it('asks for a person in the conversation shown, in the language of the browser', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-CA');
    const { server, options, hook } = setUp();
    await act(() => hook.result.current.escalate());
    expect(options.destination).toHaveBeenCalledWith({ newIfClosed: false });
    expect(server.sent('POST', /escalate$/)[0].body).toEqual({
      reason: 'Customer asked to talk to a person',
      language: 'fr',
    });
    expect(options.dispatch).toHaveBeenCalledWith({ type: 'escalated' });
    expect(options.setError).toHaveBeenLastCalledWith('');
    expect(hook.result.current.escalating).toBe(false);
  });

  it('says why when the request fails, and does not mark the conversation as waiting', async () => {
    const { server, options, hook } = setUp();
    server.on('POST', /escalate$/, () => problem(409, 'This conversation is closed'));
    await act(() => hook.result.current.escalate());
    expect(options.setError).toHaveBeenLastCalledWith('This conversation is closed');
    expect(options.dispatch).not.toHaveBeenCalled();
    expect(hook.result.current.escalating).toBe(false);
  });

  it('states only a two-letter language', () => {
    const language = vi.spyOn(navigator, 'language', 'get');
    language.mockReturnValue('de-AT');
    expect(clientLanguage()).toBe('de');
    language.mockReturnValue('');
    expect(clientLanguage()).toBeUndefined();
    language.mockReturnValue('1x');
    expect(clientLanguage()).toBeUndefined();
  });
});
