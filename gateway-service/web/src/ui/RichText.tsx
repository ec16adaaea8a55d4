import { Fragment, type ReactNode } from 'react';

/**
 * Turns a citation marker "[n]" of the text into an element (a button to the source), or null to leave it as
 * text (a number the reply has no source for).
 */
export type CiteRenderer = (n: number) => ReactNode | null;

/**
 * Renders message text with a small, safe subset of markdown: paragraphs, line breaks, "- " / "1. " lists,
 * **bold**, *italic* and `code`. Everything becomes React text nodes, so no HTML or script in a message, whoever
 * wrote it, is ever interpreted: "<img onerror=…>" shows as those characters. With `cite`, the "[n]" markers of
 * an answer's sources become what it renders for them.
 */
export function RichText({ text, cite }: { text: string; cite?: CiteRenderer }) {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return (
    <>
      {blocks.map((block, i) => (
        <Block key={i} block={block} cite={cite} />
      ))}
    </>
  );
}

/** One paragraph or list (no blank line inside). */
export function Block({ block, cite }: { block: string; cite?: CiteRenderer }) {
  const lines = block.split('\n');
  const bullet = /^\s*[-*•]\s+/;
  const numbered = /^\s*\d+[.)]\s+/;
  if (lines.length > 0 && lines.every((l) => bullet.test(l))) {
    return (
      <ul>
        {lines.map((l, i) => (
          <li key={i}>{inline(l.replace(bullet, ''), cite)}</li>
        ))}
      </ul>
    );
  }
  if (lines.length > 0 && lines.every((l) => numbered.test(l))) {
    return (
      <ol>
        {lines.map((l, i) => (
          <li key={i}>{inline(l.replace(numbered, ''), cite)}</li>
        ))}
      </ol>
    );
  }
  return (
    <p>
      {lines.map((l, i) => (
        <Fragment key={i}>
          {i > 0 && <br />}
          {inline(l, cite)}
        </Fragment>
      ))}
    </p>
  );
}

const INLINE = /(\*\*[^*\n]+\*\*|`[^`\n]+`|\*[^*\s][^*\n]*\*)/g;

const MARKER = /(\[\d{1,3}\])/;

export function inline(line: string, cite?: CiteRenderer): ReactNode[] {
  return line
    .split(INLINE)
    .filter((part) => part !== '')
    .map((part, i) => {
      if (part.length > 4 && part.startsWith('**') && part.endsWith('**'))
        return <strong key={i}>{part.slice(2, -2)}</strong>;
      if (part.length > 2 && part.startsWith('`') && part.endsWith('`'))
        return <code key={i}>{part.slice(1, -1)}</code>;
      if (part.length > 2 && part.startsWith('*') && part.endsWith('*')) return <em key={i}>{part.slice(1, -1)}</em>;
      return <Fragment key={i}>{cite ? markers(part, cite) : part}</Fragment>;
    });
}

function markers(text: string, cite: CiteRenderer): ReactNode {
  const pieces = text.split(MARKER);
  if (pieces.length === 1) return text;
  return pieces
    .filter((p) => p !== '')
    .map((p, i) => {
      const n = /^\[(\d{1,3})\]$/.exec(p);
      return <Fragment key={i}>{(n && cite(Number(n[1]))) ?? p}</Fragment>;
    });
}
