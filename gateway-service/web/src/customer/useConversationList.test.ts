import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json } from '../testing/fakeServer';
import { useConversationList } from './useConversationList';

describe('useConversationList', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('is null until loaded, then holds the list the server gave', async () => {
    const list = [{ conversationId: 'c1', status: 'OPEN' }];
    const server = fakeServer().on('GET', /^\/api\/conversations$/, () => json(200, list));
    const { result } = renderHook(() => useConversationList('tok'));
    expect(result.current.conversations).toBeNull();
    await act(async () => {
      await expect(result.current.reload()).resolves.toEqual(list);
    });
    expect(result.current.conversations).toEqual(list);
    expect(server.sent('GET', /conversations$/)[0].headers).toMatchObject({ Authorization: 'Bearer tok' });
  });

  it('takes anything but a list for an empty one', async () => {
    fakeServer().on('GET', /^\/api\/conversations$/, () => json(200, { unexpected: true }));
    const { result } = renderHook(() => useConversationList('tok'));
    await act(async () => {
      await expect(result.current.reload()).resolves.toEqual([]);
    });
    expect(result.current.conversations).toEqual([]);
  });
});
