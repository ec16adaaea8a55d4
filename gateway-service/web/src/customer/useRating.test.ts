import { renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, problem } from '../testing/fakeServer';
import { useRating } from './useRating';

function setUp(conversationId: string | null = 'c1') {
  const server = fakeServer();
  const options = { token: 'tok', conversationId, dispatch: vi.fn(), refreshList: vi.fn() };
  const { result } = renderHook(() => useRating(options));
  return { server, options, rate: result.current };
}

describe('useRating', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('sends the rating with a comment, shows what the server stored and refreshes the list', async () => {
    const { server, options, rate } = setUp();
    server.on('POST', /^\/api\/conversations\/c1\/feedback$/, () =>
      json(200, { rating: 5, comment: 'Kind', ratedAt: 'now' }),
    );
    await rate(5, 'Kind');
    expect(server.sent('POST', /feedback$/)[0].body).toEqual({ rating: 5, comment: 'Kind' });
    expect(options.dispatch).toHaveBeenCalledWith({
      type: 'rated',
      feedback: { rating: 5, comment: 'Kind', ratedAt: 'now' },
    });
    expect(options.refreshList).toHaveBeenCalled();
  });

  it('sends no empty comment, and shows the rating itself when the server answers with no body', async () => {
    const { server, options, rate } = setUp();
    server.on('POST', /feedback$/, () => new Response(null, { status: 204 }));
    await rate(3, '');
    expect(server.sent('POST', /feedback$/)[0].body).toEqual({ rating: 3 });
    expect(options.dispatch).toHaveBeenCalledWith({ type: 'rated', feedback: { rating: 3 } });
  });

  it('throws a failure for the rating form to show, and sends nothing without a conversation', async () => {
    const failing = setUp();
    failing.server.on('POST', /feedback$/, () => problem(409, 'Already rated'));
    await expect(failing.rate(4, '')).rejects.toThrow('Already rated');
    expect(failing.options.dispatch).not.toHaveBeenCalled();

    const none = setUp(null);
    await none.rate(4, '');
    expect(none.server.requests).toHaveLength(0);
  });
});
