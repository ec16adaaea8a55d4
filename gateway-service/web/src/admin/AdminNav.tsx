import { useEffect, type RefObject } from 'react';

export type AdminPage = 'knowledge' | 'agents';

const PAGES: { page: AdminPage; href: string; label: string }[] = [
  { page: 'knowledge', href: '#/knowledge', label: 'Knowledge base' },
  { page: 'agents', href: '#/agents', label: 'Agents' },
];

/** set when a link of the navigation was followed: the page it opens moves focus to its heading */
let followed = false;

/** Links between the administrator's pages, in the header; the current one is marked for screen readers. */
export function AdminNav({ current }: { current: AdminPage }) {
  return (
    <nav className="admin-nav" aria-label="Administration">
      {PAGES.map((p) => (
        <a
          key={p.page}
          href={p.href}
          aria-current={p.page === current ? 'page' : undefined}
          onClick={() => {
            followed = p.page !== current;
          }}>
          {p.label}
        </a>
      ))}
    </nav>
  );
}

/**
 * After the navigation was followed, focus goes to the new page's heading (which has tabIndex -1), so keyboard
 * and screen reader users start at the top of the page they chose; on a page opened directly, nothing moves.
 */
export function useFocusOnArrival(heading: RefObject<HTMLElement | null>) {
  useEffect(() => {
    if (!followed) return;
    followed = false;
    heading.current?.focus();
  }, [heading]);
}
