import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { article, fakeServer, problem, withKnowledge } from '../testing/fakeServer';
import { articleParts, isCited } from './ArticleBody';
import { useArticleViewer } from './ArticleViewer';

function Page() {
  const viewer = useArticleViewer('tok');
  return (
    <>
      <button
        type="button"
        onClick={(e) =>
          viewer.open(
            { articleId: 'kb_1', title: 'Pairing', passage: 'Hold the button for five seconds.' },
            e.currentTarget,
          )
        }>
        Open
      </button>
      {viewer.viewer}
    </>
  );
}

describe('the article viewer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).showModal;
  });

  it("opens as a modal dialog where the browser has them, and the browser's cancel (Escape) closes it", async () => {
    const showModal = vi.fn(function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    });
    Object.defineProperty(HTMLDialogElement.prototype, 'showModal', {
      value: showModal,
      configurable: true,
      writable: true,
    });
    withKnowledge(
      fakeServer(),
      [
        article({
          id: 'kb_1',
          title: 'Pairing your headphones',
          language: 'fr',
          visibility: 'internal',
          updatedAt: '2026-10-02T08:00:00Z',
          body: '## Pairing\n\nHold the button for five seconds.\n\nThe light blinks blue.',
        }),
      ],
      'AGENT',
    );
    const user = userEvent.setup();
    render(<Page />);
    const open = screen.getByRole('button', { name: 'Open' });
    await user.click(open);
    expect(showModal).toHaveBeenCalledTimes(1);
    const dialog = await screen.findByRole('dialog', { name: /^Pairing/ });
    // the title from the citation at once, then the article's own, its language and meta data
    expect(await within(dialog).findByRole('heading', { level: 2, name: 'Pairing your headphones' })).toHaveAttribute(
      'lang',
      'fr',
    );
    expect(within(dialog).getByText('Internal')).toBeInTheDocument();
    expect(dialog).toHaveTextContent(/French · Updated/);
    expect(within(dialog).getByRole('heading', { level: 3, name: 'Pairing' })).toBeInTheDocument();
    expect(dialog.querySelectorAll('.cited')).toHaveLength(1);
    act(() => {
      fireEvent(dialog, new Event('cancel', { cancelable: true }));
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(open).toHaveFocus();
  });

  it("shows the server's reason when the article cannot be loaded for another reason, and closes from the backdrop", async () => {
    fakeServer().on('GET', /\/api\/knowledge\/articles\/kb_1$/, () =>
      problem(503, 'The knowledge base is starting up.'),
    );
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pairing' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The knowledge base is starting up.');
    await user.click(dialog); // the dialog element itself is its backdrop; its content is inside the box
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('ArticleBody helpers', () => {
  it('splits headings out of blocks even without blank lines', () => {
    expect(articleParts('# Title\nIntro line\n\n## Part\n- a\n- b\n### Deep ###')).toEqual([
      { kind: 'heading', depth: 1, text: 'Title' },
      { kind: 'block', text: 'Intro line' },
      { kind: 'heading', depth: 2, text: 'Part' },
      { kind: 'block', text: '- a\n- b' },
      { kind: 'heading', depth: 3, text: 'Deep' },
    ]);
  });

  it('finds the blocks of a passage regardless of Markdown and spacing', () => {
    expect(
      isCited('You can return most items within **30 days** of delivery.', 'you can return most items within 30 days'),
    ).toBe(true);
    expect(
      isCited(
        '- Open your orders\n- Choose Return',
        'Start a return. Open your orders Choose Return and print the label.',
      ),
    ).toBe(true);
    expect(isCited('Two years on all headphones.', 'You can return most items within 30 days')).toBe(false);
    expect(isCited('Short', 'Short')).toBe(false);
  });
});
