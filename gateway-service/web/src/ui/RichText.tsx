import { Fragment, type ReactNode } from 'react';

/**
 * Renders message text with a small, safe subset of markdown: paragraphs, line breaks, "- " / "1. " lists,
 * **bold**, *italic* and `code`. Everything becomes React text nodes, so no HTML or script in a message, whoever
 * wrote it, is ever interpreted: "<img onerror=…>" shows as those characters.
 */
export function RichText({ text }: { text: string }) {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return (
    <>
      {blocks.map((block, i) => (
        <Block key={i} block={block} />
      ))}
    </>
  );
}

function Block({ block }: { block: string }) {
  const lines = block.split('\n');
  const bullet = /^\s*[-*•]\s+/;
  const numbered = /^\s*\d+[.)]\s+/;
  if (lines.length > 0 && lines.every((l) => bullet.test(l))) {
    return <ul>{lines.map((l, i) => <li key={i}>{inline(l.replace(bullet, ''))}</li>)}</ul>;
  }
  if (lines.length > 0 && lines.every((l) => numbered.test(l))) {
    return <ol>{lines.map((l, i) => <li key={i}>{inline(l.replace(numbered, ''))}</li>)}</ol>;
  }
  return (
    <p>
      {lines.map((l, i) => (
        <Fragment key={i}>
          {i > 0 && <br />}
          {inline(l)}
        </Fragment>
      ))}
    </p>
  );
}

const INLINE = /(\*\*[^*\n]+\*\*|`[^`\n]+`|\*[^*\s][^*\n]*\*)/g;

export function inline(line: string): ReactNode[] {
  return line.split(INLINE).filter((part) => part !== '').map((part, i) => {
    if (part.length > 4 && part.startsWith('**') && part.endsWith('**')) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return <code key={i}>{part.slice(1, -1)}</code>;
    if (part.length > 2 && part.startsWith('*') && part.endsWith('*')) return <em key={i}>{part.slice(1, -1)}</em>;
    return <Fragment key={i}>{part}</Fragment>;
  });
}
