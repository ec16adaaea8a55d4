import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Escalation } from '../api/types';
import { article, fakeServer, json, problem, withKnowledge } from '../testing/fakeServer';
import { CasePanel, type IncomingMessage } from './CasePanel';
import { recentCustomerText, SUGGEST_DEBOUNCE_MS } from './SuggestedArticles';

const escalation: Escalation = {
  id: 'esc_c1',
  conversationId: 'c1',
  customerId: 'cus_1',
  reason: 'customer_request',
  status: 'ACCEPTED',
  agentId: 'agt_lee',
};

const ARTICLES = [
  article({
    id: 'kb_returns',
    title: 'Returns and refunds',
    body: '## Returning headphones\n\nBroken headphones can be returned within 30 days for a refund.',
  }),
  article({
    id: 'kb_replace',
    title: 'Replacement approvals',
    visibility: 'internal',
    body: 'Agents approve a replacement for headphones broken on arrival.',
  }),
  article({ id: 'kb_router', title: 'Router set-up', body: 'Plug the router in.' }),
];

function setUp() {
  const server = fakeServer().on('GET', /\/api\/escalations\/esc_c1\/packet$/, () =>
    json(200, {
      escalation,
      profile: { id: 'cus_1', account: { name: 'Carlos Diaz' } },
      transcript: {
        conversationId: 'c1',
        status: 'WITH_AGENT',
        messages: [
          { messageId: 'm1', role: 'customer', text: 'My headphones arrived broken' },
          {
            messageId: 'r1',
            role: 'assistant',
            text: 'You can return them [1].',
            citations: [
              {
                n: 1,
                articleId: 'kb_returns',
                title: 'Returns and refunds',
                passage: 'Broken headphones can be returned within 30 days for a refund.',
              },
            ],
          },
        ],
      },
    }),
  );
  withKnowledge(server, ARTICLES, 'AGENT');
  return server;
}

const panel = (incoming: IncomingMessage[] = []) => (
  <CasePanel
    escalation={escalation}
    token="tok-lee"
    incoming={incoming}
    canned={[]}
    onChanged={() => {}}
    onClosed={() => {}}
  />
);
const searches = (server: ReturnType<typeof setUp>) =>
  server.sent('GET', /^\/api\/knowledge\/search\?/).map((r) => new URLSearchParams(r.path.split('?')[1]));

describe('suggested articles on a case', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('searches with what the customer said and lists the articles, internal ones marked, each opening the viewer', async () => {
    const server = setUp();
    const user = userEvent.setup();
    render(panel());
    const section = await screen.findByRole('region', { name: 'Suggested articles' });
    const returns = await within(section).findByRole('button', { name: 'Returns and refunds' });
    const [params] = searches(server);
    expect(params.get('q')).toBe('My headphones arrived broken'); // the customer's words only, not the assistant's
    expect(params.get('limit')).toBe('5');
    expect(server.sent('GET', /search\?/)[0].headers).toMatchObject({ Authorization: 'Bearer tok-lee' });

    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(2); // one entry per article; the router article shares no word
    const internal = items.find((li) => li.textContent?.includes('Replacement approvals'))!;
    expect(within(internal).getByText('Internal')).toHaveClass('badge');
    expect(internal).toHaveTextContent('Agents approve a replacement for headphones broken on arrival.');
    const pub = items.find((li) => li.textContent?.includes('Returns and refunds'))!;
    expect(within(pub).queryByText('Internal')).toBeNull();
    expect(pub).toHaveTextContent('Returning headphones');

    await user.click(returns);
    const dialog = await screen.findByRole('dialog', { name: 'Returns and refunds' });
    expect(await within(dialog).findByText(/Matching passage/)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(returns).toHaveFocus();

    // the assistant's cited sources in the transcript open the same viewer
    const transcript = screen.getByRole('region', { name: 'Messages' });
    await user.click(within(transcript).getByRole('button', { name: 'Source 1: Returns and refunds' }));
    expect(await screen.findByRole('dialog', { name: 'Returns and refunds' })).toBeInTheDocument();
  });

  it('searches again once new customer messages have settled, not once per message', async () => {
    const server = setUp();
    const { rerender } = render(panel());
    const section = await screen.findByRole('region', { name: 'Suggested articles' });
    await within(section).findByRole('button', { name: 'Returns and refunds' });
    expect(searches(server)).toHaveLength(1);

    rerender(panel([{ escalationId: 'esc_c1', messageId: 'm2', text: 'Can I get a refund instead?' }]));
    await new Promise((r) => setTimeout(r, 200));
    rerender(
      panel([
        { escalationId: 'esc_c1', messageId: 'm2', text: 'Can I get a refund instead?' },
        { escalationId: 'esc_c1', messageId: 'm3', text: 'Or a router?' },
      ]),
    );
    expect(searches(server)).toHaveLength(1); // not yet: the customer may still be typing
    await waitFor(() => expect(searches(server)).toHaveLength(2), { timeout: SUGGEST_DEBOUNCE_MS + 2000 });
    expect(searches(server)[1].get('q')).toBe('My headphones arrived broken Can I get a refund instead? Or a router?');
    expect(await within(section).findByRole('button', { name: 'Router set-up' })).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 300));
    expect(searches(server)).toHaveLength(2);
  });

  it('says so quietly when suggestions cannot be had, and the case still works', async () => {
    const server = setUp();
    server.on('GET', /^\/api\/knowledge\/search\?/, () => problem(503, 'down'));
    render(panel());
    expect(await screen.findByText('Suggestions are not available right now.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Carlos Diaz' })).toBeInTheDocument();
  });
});

describe('recentCustomerText', () => {
  it('keeps the newest customer words, at most 300 characters, without half a word at the start', () => {
    const old = { id: 'a', role: 'customer' as const, text: 'word '.repeat(100) };
    const newest = { id: 'b', role: 'customer' as const, text: 'My   headphones\nare broken' };
    const q = recentCustomerText([old, { id: 'r', role: 'assistant', text: 'Sorry' }, newest]);
    expect(q.length).toBeLessThanOrEqual(300);
    expect(q.endsWith('word My headphones are broken')).toBe(true);
    expect(q.startsWith('word ')).toBe(true);
    expect(recentCustomerText([{ id: 'r', role: 'assistant', text: 'Hello' }])).toBe('');
  });
});
