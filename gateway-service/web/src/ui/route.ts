import { useEffect, useState } from 'react';

/**
 * The client's few addresses live in the URL's fragment (`#/agents`, `#/invitation/<token>`), so the gateway serves
 * the same page for all of them and a reload stays where it was. The route is the part after `#`, `''` for none.
 */
export function currentRoute(): string {
  const hash = typeof location === 'undefined' ? '' : location.hash;
  return hash.startsWith('#') ? hash.slice(1) : hash;
}

export function useRoute(): [string, (to: string, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  const go = (to: string, { replace = false } = {}) => {
    const url = `${location.pathname}${location.search}${to ? `#${to}` : ''}`;
    // replace: the address being left is not kept in the history (an invitation's one-time token)
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    setRoute(currentRoute());
  };
  return [route, go];
}

/** The token of an invitation link (`#/invitation/<token>`), or null. */
export function invitationToken(route: string): string | null {
  const m = /^\/invitation\/([^/?#]+)\/?$/.exec(route);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}
