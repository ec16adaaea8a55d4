import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from './chatState';
import { useReadRepliesAloud } from './useReadRepliesAloud';

const msg = (id: string, role: ChatMessage['role'], text: string, streaming = false): ChatMessage => ({
  id,
  role,
  text,
  streaming,
});

describe('useReadRepliesAloud', () => {
  it('reads each completed reply and agent message once, but not the history nor what the customer wrote', () => {
    const speak = vi.fn();
    const loaded = new Set(['old']);
    const wasLoaded = (id: string) => loaded.has(id);
    const { rerender } = renderHook(({ messages }) => useReadRepliesAloud(messages, speak, wasLoaded), {
      initialProps: { messages: [msg('old', 'assistant', 'From before'), msg('m1', 'customer', 'Hello')] },
    });
    expect(speak).not.toHaveBeenCalled();

    const writing = [
      msg('old', 'assistant', 'From before'),
      msg('m1', 'customer', 'Hello'),
      msg('r1', 'assistant', 'Hi', true),
    ];
    rerender({ messages: writing });
    expect(speak).not.toHaveBeenCalled();

    const done = [
      ...writing.slice(0, 2),
      msg('r1', 'assistant', 'Hi there'),
      msg('a1', 'agent', 'Lee here'),
      msg('s1', 'system', 'Lee joined'),
    ];
    rerender({ messages: done });
    expect(speak.mock.calls).toEqual([['Hi there'], ['Lee here']]);
    rerender({ messages: [...done] });
    expect(speak).toHaveBeenCalledTimes(2);
  });

  it('does not read later what completed while speaking did nothing', () => {
    const off = vi.fn();
    const on = vi.fn();
    const messages = [msg('r1', 'assistant', 'Done')];
    const { rerender } = renderHook(({ speak }) => useReadRepliesAloud(messages, speak, () => false), {
      initialProps: { speak: off },
    });
    expect(off).toHaveBeenCalledWith('Done');
    rerender({ speak: on });
    expect(on).not.toHaveBeenCalled();
  });
});
