import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article, Session } from '../api/types';
import { App } from '../App';
import { article, fakeServer, withKnowledge } from '../testing/fakeServer';
import { KnowledgeBasePage } from './KnowledgeBasePage';

const session: Session = {
  accessToken: 'tok-admin',
  role: 'ADMIN',
  subject: 'adm_1',
  expiresAt: Date.now() + 3600_000,
};

const LANGUAGES: Article['language'][] = ['en', 'fr', 'es', 'de'];
const ARTICLES: Article[] = Array.from({ length: 45 }, (_, i) =>
  article({
    id: `kb_${String(i + 1).padStart(2, '0')}`,
    title: i === 0 ? 'Returns and refunds' : i === 7 ? 'Refunds to gift cards' : `Article ${i + 1}`,
    body:
      i === 0
        ? '## Returns\n\nReturn within 30 days for a full refund.'
        : i === 7
          ? 'Refund rules for gift cards.'
          : `About topic ${i + 1}.`,
    language: LANGUAGES[i % 4],
    visibility: i % 5 === 1 ? 'internal' : 'public',
    updatedAt: '2026-11-03T10:00:00Z',
  }),
);

const listed = (server: ReturnType<typeof fakeServer>) =>
  server.sent('GET', /^\/api\/knowledge\/articles\?/).map((r) => r.path.split('?')[1]);

describe('KnowledgeBasePage', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('lists the articles with language, visibility and date, pages through them and keeps focus on the pager', async () => {
    const server = withKnowledge(fakeServer(), ARTICLES, 'ADMIN');
    const user = userEvent.setup();
    render(<KnowledgeBasePage session={session} onSignOut={() => {}} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Knowledge base' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('45 articles, page 1 of 3'));
    expect(listed(server)).toEqual(['page=0&size=20&q=']);
    expect(server.sent('GET', /articles\?/)[0].headers).toMatchObject({ Authorization: 'Bearer tok-admin' });

    const table = screen.getByRole('table', { name: 'Articles, page 1 of 3' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(20);
    expect(within(rows[0]).getByRole('button', { name: 'Returns and refunds' })).toBeInTheDocument();
    expect(within(rows[0]).getByText('English')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Public')).toBeInTheDocument();
    expect(within(rows[1]).getByText('French')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Internal')).toHaveClass('badge-internal');
    expect(rows[0].querySelector('time')).toHaveAttribute('dateTime', '2026-11-03T10:00:00Z');
    expect(rows[0].querySelector('time')?.textContent).not.toBe('');

    const previous = screen.getByRole('button', { name: 'Previous' });
    const next = screen.getByRole('button', { name: 'Next' });
    expect(previous).toBeDisabled();
    await user.click(next);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('45 articles, page 2 of 3'));
    expect(listed(server).at(-1)).toBe('page=1&size=20&q=');
    expect(screen.getByRole('button', { name: 'Article 21' })).toBeInTheDocument();
    await user.click(next);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('page 3 of 3'));
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(6);
    expect(next).toBeDisabled();
    expect(previous).toHaveFocus(); // the pressed button is disabled at the end: focus is not lost
    await user.click(previous);
    await user.click(previous);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('page 1 of 3'));
    expect(next).toHaveFocus();
  });

  it('searches with q from the first page, and opens an article in the viewer', async () => {
    const server = withKnowledge(fakeServer(), ARTICLES, 'ADMIN');
    const user = userEvent.setup();
    render(<KnowledgeBasePage session={session} onSignOut={() => {}} />);
    await screen.findByText('45 articles, page 1 of 3');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('45 articles, page 2 of 3');
    await user.type(screen.getByRole('searchbox', { name: 'Search articles' }), 'refund{Enter}');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('2 articles matching “refund”'));
    expect(listed(server).at(-1)).toBe('page=0&size=20&q=refund');
    expect(screen.queryByRole('navigation', { name: 'Pages' })).toBeNull();

    const open = screen.getByRole('button', { name: 'Returns and refunds' });
    await user.click(open);
    const dialog = await screen.findByRole('dialog', { name: 'Returns and refunds' });
    expect(await within(dialog).findByText('Return within 30 days for a full refund.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(open).toHaveFocus();

    await user.clear(screen.getByRole('searchbox', { name: 'Search articles' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search articles' }), 'nothing-like-this{Enter}');
    expect(await screen.findByText('No article matches this search.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('0 articles matching');
  });

  it('is what an administrator sees after signing in', async () => {
    withKnowledge(fakeServer(), ARTICLES.slice(0, 3), 'ADMIN');
    sessionStorage.setItem('smart-support.session', JSON.stringify(session));
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Knowledge base' })).toBeInTheDocument();
    expect(await screen.findByText('3 articles')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });
});
