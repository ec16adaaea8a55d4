import type { ReactNode } from 'react';

export function AppHeader({ who, onSignOut, children }: { who: string; onSignOut: () => void; children?: ReactNode }) {
  return (
    <header className="app-header">
      <span className="brand">
        <svg aria-hidden="true" viewBox="0 0 32 32" width="24" height="24"><rect width="32" height="32" rx="7" fill="currentColor" /><path d="M8 10a3 3 0 0 1 3-3h10a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3h-6l-5 4v-4a3 3 0 0 1-2-3z" fill="#fff" /></svg>
        SMART Support
      </span>
      <div className="header-actions">
        {children}
        {who && <span className="who">{who}</span>}
        <button type="button" className="btn btn-quiet" onClick={onSignOut}>Sign out</button>
      </div>
    </header>
  );
}
