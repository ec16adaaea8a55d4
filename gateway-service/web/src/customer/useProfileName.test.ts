import { renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, problem } from '../testing/fakeServer';
import { useProfileName } from './useProfileName';

describe('useProfileName', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it("is the customer's name once the profile has loaded", async () => {
    const server = fakeServer().on('GET', /^\/api\/profiles\/me$/, () =>
      json(200, { id: 'cus_1', account: { name: 'Carlos' } }),
    );
    const { result } = renderHook(() => useProfileName('tok'));
    expect(result.current).toBe('');
    await waitFor(() => expect(result.current).toBe('Carlos'));
    expect(server.sent('GET', /profiles\/me$/)[0].headers).toMatchObject({ Authorization: 'Bearer tok' });
  });

  it('stays empty when the profile has no name or cannot be loaded', async () => {
    const server = fakeServer().on('GET', /^\/api\/profiles\/me$/, () => problem(503, 'away'));
    const { result } = renderHook(() => useProfileName('tok'));
    await waitFor(() => expect(server.requests).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(result.current).toBe('');
  });
});
