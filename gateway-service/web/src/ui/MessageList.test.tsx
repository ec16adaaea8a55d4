import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../api/types';
import { ChatPage } from '../customer/ChatPage';
import { fakeServer, json, SseChannel } from '../testing/fakeServer';
import { MessageList, type ShownMessage } from './MessageList';
import { RichText } from './RichText';

// every message row renders its text once per render: counting those counts the rows rendered
vi.mock('./RichText', async (actual) => {
  const real = await actual<typeof import('./RichText')>();
  return { ...real, RichText: vi.fn(real.RichText) };
});
const rowsRendered = vi.mocked(RichText);

const conversation = (n: number): ShownMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    role: i % 2 ? 'assistant' : 'customer',
    text: `Message **${i}**\n\n- a\n- b`,
    time: `2026-11-25T09:${String(i % 60).padStart(2, '0')}:00Z`,
  }));

describe('MessageList', () => {
  beforeEach(() => {
    rowsRendered.mockClear();
    vi.unstubAllGlobals();
  });

  it('renders again only the message that changed (a streamed chunk), not the whole transcript', () => {
    const open = () => {};
    const messages = conversation(30);
    const { rerender } = render(<MessageList messages={messages} labels={{ agent: 'Lee' }} onOpenSource={open} />);
    expect(rowsRendered).toHaveBeenCalledTimes(30);
    expect(screen.getAllByRole('listitem')).toHaveLength(30 * 3); // each message and its two list items

    rowsRendered.mockClear();
    const streamed = [
      ...messages,
      { id: 'r1', role: 'assistant' as const, text: 'Your', time: '2026-11-25T10:00:00Z', streaming: true },
    ];
    rerender(<MessageList messages={streamed} labels={{ agent: 'Lee' }} onOpenSource={open} />);
    expect(rowsRendered).toHaveBeenCalledTimes(1);
    rowsRendered.mockClear();
    const grown = [...messages, { ...streamed[30], text: 'Your parcel' }];
    rerender(<MessageList messages={grown} labels={{ agent: 'Lee' }} onOpenSource={open} typing={null} />);
    expect(rowsRendered).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/Your parcel/)).toBeInTheDocument();
  });

  it('renders no message again while the customer types', async () => {
    const stream = new SseChannel();
    const messages = conversation(24).map((m) => ({ messageId: m.id, role: m.role, text: m.text, time: m.time }));
    fakeServer()
      .on('GET', /^\/api\/conversations$/, () =>
        json(200, [{ conversationId: 'c1', status: 'OPEN', createdAt: '2026-11-20T10:00:00Z' }]),
      )
      .on('GET', /^\/api\/conversations\/c1$/, () => json(200, { conversationId: 'c1', status: 'OPEN', messages }))
      .on('GET', /^\/api\/conversations\/c1\/events$/, () => stream.response());
    const session: Session = {
      accessToken: 'tok',
      role: 'CUSTOMER',
      subject: 'cus_1',
      expiresAt: Date.now() + 3600_000,
    };
    const user = userEvent.setup();
    render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
    expect(await screen.findByText('23', { selector: 'strong' })).toBeInTheDocument();
    await screen.findByRole('button', { name: /Nov 20, 2026/ });

    rowsRendered.mockClear();
    await user.type(screen.getByLabelText('Message'), 'Where is my parcel?');
    expect(rowsRendered).not.toHaveBeenCalled();
  });
});
