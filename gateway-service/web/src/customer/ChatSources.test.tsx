import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Citation, Session } from '../api/types';
import { article, fakeServer, json, SseChannel, withKnowledge } from '../testing/fakeServer';
import { ChatPage } from './ChatPage';

const session: Session = {
  accessToken: 'tok-carlos',
  role: 'CUSTOMER',
  subject: 'cus_1',
  expiresAt: Date.now() + 3600_000,
};

const ARTICLES = [
  article({
    id: 'kb_returns',
    title: 'Returns and refunds',
    body:
      '# Returns and refunds\n\nMost things can be sent back.\n\n## Time limit\nYou can return most items within **30 days** of delivery.\n\n' +
      '## How to start a return\n\n- Open your orders\n- Choose *Return*\n\n<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
  }),
  article({ id: 'kb_warranty', title: 'Warranty', body: '## Warranty\n\nTwo years on all headphones.' }),
  article({
    id: 'kb_internal',
    title: 'Goodwill refunds',
    body: 'Agents may refund shipping.',
    visibility: 'internal',
  }),
];

const RETURNS: Citation = {
  n: 1,
  articleId: 'kb_returns',
  title: 'Returns and refunds',
  passage: 'You can return most items within 30 days of delivery.',
};
const WARRANTY: Citation = {
  n: 2,
  articleId: 'kb_warranty',
  title: 'Warranty',
  passage: 'Two years on all headphones.',
};

function setUp(transcript: Record<string, unknown> = { conversationId: 'c1', status: 'OPEN', messages: [] }) {
  const stream = new SseChannel();
  const server = fakeServer()
    .on('GET', /^\/api\/conversations$/, () =>
      json(200, [{ conversationId: 'c1', status: transcript.status, createdAt: '2026-11-20T10:00:00Z' }]),
    )
    .on('GET', /^\/api\/conversations\/c1$/, () => json(200, transcript))
    .on('GET', /^\/api\/conversations\/c1\/events$/, () => stream.response());
  withKnowledge(server, ARTICLES, 'CUSTOMER');
  render(<ChatPage session={session} onSignOut={() => {}} onExpired={() => {}} />);
  return { stream, server };
}

const completed = (stream: SseChannel, text: string, citations?: unknown) =>
  act(() =>
    stream.send('assistant.completed', {
      replyId: 'r1',
      text,
      source: 'fallback',
      ...(citations === undefined ? {} : { citations }),
    }),
  );

describe('sources of an answer', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('lists the sources under a completed answer and opens the cited article in a dialog, closed by Escape', async () => {
    const { stream, server } = setUp();
    const user = userEvent.setup();
    await waitFor(() => expect(stream.connections).toBe(1));
    act(() => stream.send('assistant.delta', { replyId: 'r1', seq: 0, text: 'You have 30 days [1]' }));
    const bubble = (await screen.findByText(/You have 30 days/)).closest('li')!;
    expect(within(bubble).queryByRole('list', { name: 'Sources' })).toBeNull(); // not while it is being written
    completed(stream, 'You have 30 days to return them [1]. Headphones have a two-year warranty [2].', [
      WARRANTY,
      RETURNS,
    ]);

    const sources = await within(bubble).findByRole('list', { name: 'Sources' });
    const items = within(sources).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['[1]Returns and refunds', '[2]Warranty']);
    const source = within(sources).getByRole('button', { name: 'Returns and refunds' });
    await user.click(source);

    const dialog = await screen.findByRole('dialog', { name: 'Returns and refunds' });
    expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus();
    expect(await within(dialog).findByRole('heading', { name: 'How to start a return' })).toBeInTheDocument();
    expect(server.sent('GET', /^\/api\/knowledge\/articles\/kb_returns$/)[0].headers).toMatchObject({
      Authorization: 'Bearer tok-carlos',
    });
    // the heading repeating the title is not shown twice; the cited passage is marked; the rest is plain text
    expect(within(dialog).getAllByRole('heading', { name: 'Returns and refunds' })).toHaveLength(1);
    expect(dialog.querySelector('.cited')).toHaveTextContent(
      'Cited in the answer: You can return most items within 30 days of delivery.',
    );
    expect(within(dialog).getByText('30 days')).toHaveProperty('tagName', 'STRONG');
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Open your orders', 'Choose Return']);
    expect(dialog.querySelector('img, script')).toBeNull();
    expect(dialog).toHaveTextContent('<img src=x onerror="window.__pwned=1">');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(source).toHaveFocus();
  });

  it('closes with the Close button and returns focus; an inline [n] is a button named after its source', async () => {
    const { stream } = setUp();
    const user = userEvent.setup();
    await waitFor(() => expect(stream.connections).toBe(1));
    completed(stream, 'You have 30 days to return them [1]. Ask about [7] too.', [RETURNS]);
    const bubble = (await screen.findByText(/You have 30 days/, { selector: '.msg-text p' })).closest('li')!;
    const marker = await within(bubble).findByRole('button', { name: 'Source 1: Returns and refunds' });
    expect(marker).toHaveTextContent('[1]');
    expect(bubble.querySelector('.msg-text')).toHaveTextContent(
      'You have 30 days to return them [1]. Ask about [7] too.',
    );
    expect(within(bubble).queryByRole('button', { name: /Source 7/ })).toBeNull(); // no source of that number

    await user.click(marker);
    const dialog = await screen.findByRole('dialog', { name: 'Returns and refunds' });
    await within(dialog).findByRole('heading', { name: 'Time limit' });
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(marker).toHaveFocus();

    // the keyboard way: Enter on a focused source opens it, Escape brings focus back
    const source = within(bubble).getByRole('button', { name: 'Returns and refunds' });
    source.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('dialog', { name: 'Returns and refunds' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(source).toHaveFocus();
  });

  it('shows the sources of answers in a loaded transcript, and none under a reply without citations', async () => {
    setUp({
      conversationId: 'c1',
      status: 'OPEN',
      messages: [
        { messageId: 'm1', role: 'customer', text: 'Can I return my headphones?' },
        { messageId: 'r1', role: 'assistant', text: 'Yes, within 30 days [1].', source: 'llm', citations: [RETURNS] },
        { messageId: 'm2', role: 'customer', text: 'Thanks' },
        { messageId: 'r2', role: 'assistant', text: 'You are welcome.', source: 'llm', citations: [] },
        { messageId: 'r3', role: 'assistant', text: 'An older reply.', source: 'llm' },
      ],
    });
    const first = (await screen.findByText(/Yes, within 30 days/)).closest('li')!;
    expect(
      within(within(first).getByRole('list', { name: 'Sources' })).getByRole('button', { name: 'Returns and refunds' }),
    ).toBeInTheDocument();
    for (const text of ['You are welcome.', 'An older reply.']) {
      const bubble = screen.getByText(text).closest('li')!;
      expect(within(bubble).queryByRole('list', { name: 'Sources' })).toBeNull();
      expect(within(bubble).queryByText('Sources')).toBeNull();
    }
    expect(screen.getAllByRole('list', { name: 'Sources' })).toHaveLength(1);
  });

  it('shows no Sources block under a live reply without citations, and ignores malformed ones', async () => {
    const { stream } = setUp();
    await waitFor(() => expect(stream.connections).toBe(1));
    completed(stream, 'Your order ships today.', []);
    expect(await screen.findByText('Your order ships today.')).toBeInTheDocument();
    act(() =>
      stream.send('assistant.completed', {
        replyId: 'r2',
        text: 'Anything else?',
        citations: [{ n: 'one', title: 'x' }, null, { n: 1 }],
      }),
    );
    expect(await screen.findByText('Anything else?')).toBeInTheDocument();
    expect(screen.queryByText('Sources')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Source / })).toBeNull();
  });

  it('says politely when a cited article is no longer available', async () => {
    const { stream } = setUp();
    const user = userEvent.setup();
    await waitFor(() => expect(stream.connections).toBe(1));
    completed(stream, 'See our old guide [1].', [
      { n: 1, articleId: 'kb_gone', title: 'Old returns guide', passage: 'x' },
      { n: 2, articleId: 'kb_internal', title: 'Goodwill refunds', passage: 'x' },
    ]);
    await user.click(await screen.findByRole('button', { name: 'Old returns guide' }));
    const dialog = await screen.findByRole('dialog', { name: 'Old returns guide' });
    expect(await within(dialog).findByText('This article is no longer available.')).toHaveAttribute('role', 'status');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    // an internal article is not readable by a customer: the same answer
    await user.click(screen.getByRole('button', { name: 'Goodwill refunds' }));
    expect(
      await within(await screen.findByRole('dialog')).findByText('This article is no longer available.'),
    ).toBeInTheDocument();
  });
});
