import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RichText } from './RichText';

describe('RichText', () => {
  const attacks = [
    '<img src=x onerror="window.__pwned=1">',
    '<script>window.__pwned=1</script>',
    '**<svg onload=window.__pwned=1>**',
    '[click](javascript:window.__pwned=1)',
    '- <iframe src="javascript:window.__pwned=1"></iframe>',
    '`<b>code</b>`',
  ];

  it.each(attacks)('shows %s as text and creates no element from it', (text) => {
    const { container } = render(<RichText text={text} />);
    expect(container.querySelector('img, script, svg, iframe, a, b')).toBeNull();
    expect(container.textContent).toContain(text.replace(/\*\*|`|^- /g, ''));
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('renders paragraphs, line breaks, lists, bold, italics and code', () => {
    const { container } = render(
      <RichText text={'Hello **Carlos**,\nyour *order* `ORD-1`:\n\n- one\n- two\n\n1. first\n2. second'} />,
    );
    expect(container.querySelectorAll('p')).toHaveLength(1);
    expect(container.querySelector('p br')).not.toBeNull();
    expect(container.querySelector('strong')?.textContent).toBe('Carlos');
    expect(container.querySelector('em')?.textContent).toBe('order');
    expect(container.querySelector('code')?.textContent).toBe('ORD-1');
    expect([...container.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect([...container.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['first', 'second']);
  });

  it('turns the [n] markers it is given a renderer for into elements, and leaves the rest as text', () => {
    const cite = (n: number) => (n === 1 ? <button type="button">{`[${n}]`}</button> : null);
    const { container } = render(<RichText text={'Within 30 days [1][2].\n\n- see [1]\n- **[1]**'} cite={cite} />);
    expect(container.querySelectorAll('button')).toHaveLength(2);
    expect(container.textContent).toBe('Within 30 days [1][2].see [1][1]');
    const plain = render(<RichText text="Within 30 days [1]." />);
    expect(plain.container.querySelector('button')).toBeNull();
  });
});
