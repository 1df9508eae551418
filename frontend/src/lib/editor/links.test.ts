import { describe, expect, it } from 'vitest';
import { altFromFileName, imageMarkdown, imageProblem, linkCompletion, linkTrigger } from './links';

describe('[[ link autocomplete trigger', () => {
  it('opens right after [[ and tracks the typed prefix', () => {
    expect(linkTrigger('See [[')).toEqual({ from: 6, prefix: '' });
    expect(linkTrigger('See [[refu')).toEqual({ from: 6, prefix: 'refu' });
    expect(linkTrigger('[[billing refunds')).toEqual({ from: 2, prefix: 'billing refunds' });
  });

  it('stays closed without [[, after ]], across brackets, or when escaped', () => {
    expect(linkTrigger('See [link')).toBeNull();
    expect(linkTrigger('See [[done]] and')).toBeNull();
    expect(linkTrigger('See [[a[b')).toBeNull();
    expect(linkTrigger('See \\[[literal')).toBeNull();
    expect(linkTrigger('plain text')).toBeNull();
    expect(linkTrigger('[[' + 'x'.repeat(81))).toBeNull();
  });

  it('uses the last [[ on the line', () => {
    expect(linkTrigger('[[a]] then [[b')).toEqual({ from: 13, prefix: 'b' });
  });

  it('completes with the id and closing brackets, reusing existing ones', () => {
    expect(linkCompletion('billing-refunds', ' more text')).toEqual({ insert: 'billing-refunds]]', consume: 0 });
    expect(linkCompletion('billing-refunds', ']] more')).toEqual({ insert: 'billing-refunds]]', consume: 2 });
    expect(linkCompletion('billing-refunds', 'nds]] more')).toEqual({ insert: 'billing-refunds]]', consume: 5 });
  });
});

describe('image attachments', () => {
  it('builds alt text and Markdown', () => {
    expect(altFromFileName('lost_badge-form.PNG')).toBe('lost badge form');
    expect(altFromFileName('.png')).toBe('image');
    expect(imageMarkdown('a [b]', 'attachments/x/my pic.png')).toBe('![a b](attachments/x/my%20pic.png)');
  });

  it('explains files it will not attach', () => {
    expect(imageProblem({ name: 'a.png', type: 'image/png', size: 10 })).toBeNull();
    expect(imageProblem({ name: 'a.svg', type: 'image/svg+xml', size: 10 })).toMatch(/only PNG/);
    expect(imageProblem({ name: 'big.jpg', type: 'image/jpeg', size: 6 * 1024 * 1024 })).toMatch(/5 MB/);
  });
});
