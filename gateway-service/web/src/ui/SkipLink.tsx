import type { ReactNode } from 'react';

/**
 * "Skip to …": the first stop of the keyboard, moving focus to `target` (an element's id). The address's fragment is
 * the page's route (`#/agents`), so following the link moves focus without changing it.
 */
export function SkipLink({ target, children }: { target: string; children: ReactNode }) {
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(e) => {
        const el = document.getElementById(target);
        if (!el) return;
        e.preventDefault();
        el.focus();
      }}>
      {children}
    </a>
  );
}
