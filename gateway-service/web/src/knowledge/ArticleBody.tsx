import { Fragment, useEffect, useRef } from 'react';
import { Block } from '../ui/RichText';

type Part = { kind: 'heading'; depth: number; text: string } | { kind: 'block'; text: string };

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

/** The article's Markdown as blocks: a heading line is a block of its own even without a blank line around it. */
export function articleParts(body: string): Part[] {
  const parts: Part[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    let lines: string[] = [];
    const flush = () => {
      const text = lines.join('\n').replace(/^\n+|\n+$/g, '');
      if (text.trim()) parts.push({ kind: 'block', text });
      lines = [];
    };
    for (const line of chunk.split('\n')) {
      const h = HEADING.exec(line);
      if (h) {
        flush();
        if (h[2]) parts.push({ kind: 'heading', depth: h[1].length, text: h[2] });
      } else {
        lines.push(line);
      }
    }
    flush();
  }
  return parts;
}

/** Text compared without Markdown, case or spacing, so a passage (a chunk of the article) finds its blocks. */
export function plain(text: string): string {
  return text
    .replace(/^\s*(?:[-*•]|\d+[.)]|#{1,6})\s+/gm, '')
    .replace(/[*`_]/g, '')
    .replace(/…$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Whether a block of the article is (part of) the passage: the passage holds it, or it holds the passage's start. */
export function isCited(block: string, passage: string): boolean {
  const b = plain(block);
  const p = plain(passage);
  if (b.length < 12 || p.length < 12) return false;
  return p.includes(b) || b.includes(p.slice(0, 80));
}

/**
 * An article's body: paragraphs, lists and headings through RichText's safe subset (nothing in an article is
 * interpreted as HTML). The blocks of `passage`, when given, are marked and the first is scrolled into view.
 * Headings start at `headingLevel` (the dialog's title is the level above).
 */
export function ArticleBody({
  body,
  title,
  passage,
  passageLabel = 'Cited passage',
  headingLevel = 3,
}: {
  body: string;
  /** the title shown above: a first heading repeating it is left out */
  title?: string;
  passage?: string;
  passageLabel?: string;
  headingLevel?: 3 | 4;
}) {
  const parts = articleParts(body);
  if (title && parts[0]?.kind === 'heading' && plain(parts[0].text) === plain(title)) parts.shift();
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.scrollIntoView?.({ block: 'center' });
  }, [body, passage]);
  // the first cited block is scrolled into view
  const firstCited = passage ? parts.findIndex((p) => p.kind !== 'heading' && isCited(p.text, passage)) : -1;
  return (
    <>
      {parts.map((part, i) => {
        if (part.kind === 'heading') {
          const level = Math.min(6, headingLevel + Math.max(0, part.depth - 2));
          const H = `h${level}` as 'h3' | 'h4' | 'h5' | 'h6';
          return <H key={i}>{part.text}</H>;
        }
        if (passage && isCited(part.text, passage)) {
          const ref = i === firstCited ? first : undefined;
          return (
            <div key={i} className="cited" ref={ref}>
              <span className="sr-only">{passageLabel}: </span>
              <Block block={part.text} />
            </div>
          );
        }
        return (
          <Fragment key={i}>
            <Block block={part.text} />
          </Fragment>
        );
      })}
    </>
  );
}
