import type { ReactNode } from 'react';
import { BrandMark } from './BrandMark';

export function AppHeader({ who, onSignOut, children }: { who: string; onSignOut: () => void; children?: ReactNode }) {
  return (
    <header className="app-header">
      <span className="brand">
        <BrandMark size={24} />
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
