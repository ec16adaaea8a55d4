import type { ReactNode } from 'react';
import { BrandMark } from './BrandMark';

export function AppHeader({ who, onSignOut, children }: { who: string; onSignOut: () => void; children?: ReactNode }) {
  return (
    <header className="app-header">
      <span className="brand">
        <BrandMark size={24} />
        SMART Support
      </span>
      {/* the name comes first: it arrives after the page has loaded, and the buttons at the right stay where they are */}
      <div className="header-actions">
        {who && <span className="who">{who}</span>}
        {children}
        <button type="button" className="btn btn-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
