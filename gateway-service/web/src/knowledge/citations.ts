import type { Citation } from '../api/types';

/**
 * The citations of a reply as the server sent them, checked: an event or transcript from before the knowledge
 * base has none, and anything malformed is dropped rather than shown. Sorted by number, one per number.
 */
export function citationsFrom(value: unknown): Citation[] {
  if (!Array.isArray(value)) return [];
  const byNumber = new Map<number, Citation>();
  for (const v of value) {
    if (!v || typeof v !== 'object') continue;
    const c = v as Record<string, unknown>;
    if (typeof c.n !== 'number' || !Number.isInteger(c.n) || c.n < 1) continue;
    if (typeof c.articleId !== 'string' || !c.articleId) continue;
    if (byNumber.has(c.n)) continue;
    byNumber.set(c.n, {
      n: c.n,
      articleId: c.articleId,
      title: typeof c.title === 'string' && c.title.trim() ? c.title : `Source ${c.n}`,
      passage: typeof c.passage === 'string' ? c.passage : '',
    });
  }
  return [...byNumber.values()].sort((a, b) => a.n - b.n);
}

/** "Source 1: Returns and refunds", what a screen reader says for an inline [1]. */
export const sourceLabel = (c: Citation) => `Source ${c.n}: ${c.title}`;
