import { describe, expect, it } from 'vitest';
import { createSseParser, type SseFrame } from './sse';

describe('createSseParser', () => {
  it('yields frames split across chunks, with ids, comments and multi-line data', () => {
    const frames: SseFrame[] = [];
    const feed = createSseParser((f) => frames.push(f));
    feed(':keep-alive\n\nid:e1\nevent:assistant.de');
    feed('lta\ndata:{"text":"Hel"}\n');
    feed('\r\nevent: x\r\ndata: line one\r\ndata: line two\r\n\r\n');
    feed('data:no event name\n');
    expect(frames).toEqual([
      { event: 'assistant.delta', data: '{"text":"Hel"}', id: 'e1' },
      { event: 'x', data: 'line one\nline two', id: null },
    ]);
    feed('\n');
    expect(frames[2]).toEqual({ event: 'message', data: 'no event name', id: null });
  });
});
