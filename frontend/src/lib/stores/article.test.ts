import { describe, expect, it, vi } from 'vitest';
import { ArticleStore } from './article.svelte';
import type { core } from 'wailsjs/go/models';

type ArticleView = core.ArticleView;

const view = (id: string): ArticleView => ({
  id,
  title: id,
  department: 'Billing',
  tags: [],
  language: 'en',
  audience: 'internal',
  status: 'published',
  owner: '',
  reviewBy: '',
  updatedAt: '',
  version: 1,
  stale: false,
  html: `<p>${id}</p>`,
  headings: [],
});

describe('ArticleStore history', () => {
  it('pushes on link navigation, resets on result open, pops on back', async () => {
    const get = vi.fn(async (id: string) => view(id));
    const s = new ArticleStore(get);
    await s.open('a', { via: 'result' });
    await s.open('b', { via: 'link' });
    await s.open('c', { via: 'link' });
    expect(s.history).toEqual(['a', 'b']);
    await s.back();
    expect(s.current?.id).toBe('b');
    expect(s.history).toEqual(['a']);
    await s.open('z', { via: 'result' });
    expect(s.history).toEqual([]);
    expect(s.canGoBack).toBe(false);
  });

  it('ignores a slow earlier article load', async () => {
    let release!: () => void;
    const get = vi.fn((id: string) =>
      id === 'slow' ? new Promise<ArticleView>((r) => (release = () => r(view('slow')))) : Promise.resolve(view(id)),
    );
    const s = new ArticleStore(get);
    const p = s.open('slow');
    await s.open('fast');
    release();
    await p;
    expect(s.current?.id).toBe('fast');
    expect(s.loading).toBe(false);
  });

  it('keeps the error readable', async () => {
    const s = new ArticleStore(async () => {
      throw 'article "x" not found';
    });
    await s.open('x');
    expect(s.error).toBe('article "x" not found');
    expect(s.current).toBeNull();
  });
});
