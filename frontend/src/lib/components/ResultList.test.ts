import { describe, expect, it, vi } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/svelte';
import ResultList from './ResultList.svelte';
import { SearchStore } from '../stores/search.svelte';
import type { search } from 'wailsjs/go/models';

const response: search.Response = {
  query: 'refund',
  mode: 'hybrid',
  total: 3,
  tookMs: 2,
  facets: { departments: [], tags: [], languages: [] },
  results: ['a', 'b', 'c'].map((id, i) => ({
    articleId: id,
    title: `Article ${id}`,
    department: i === 2 ? 'Scheduling' : 'Billing',
    tags: [],
    language: i === 1 ? 'ru' : 'en',
    audience: i === 0 ? 'internal' : 'customer-facing',
    status: 'published',
    owner: '',
    version: 1,
    score: 1,
    weak: false,
    passages: [
      {
        passageId: `${id}#0`,
        headings: ['Top', 'Section'],
        snippet: `a <mark>refund</mark> <img src=x onerror="alert(1)">`,
        text: '',
        score: 1,
        bm25Rank: 1,
        vectorRank: 0,
      },
    ],
  })),
};

async function setup() {
  const store = new SearchStore({ search: async () => response, debounceMs: 0 });
  store.setQuery('refund');
  await store.flush();
  const onopen = vi.fn();
  const onescape = vi.fn();
  render(ResultList, { store, onopen, onescape });
  return { store, onopen, onescape };
}

describe('ResultList', () => {
  it('renders an accessible listbox with one option per hit', async () => {
    await setup();
    const list = screen.getByRole('listbox', { name: 'Search results' });
    const opts = screen.getAllByRole('option');
    expect(opts).toHaveLength(3);
    expect(opts[0]).toHaveAttribute('aria-selected', 'true');
    expect(list).toHaveAttribute('aria-activedescendant', 'cg-opt-0');
    expect(opts[0]).toHaveAccessibleName('Article a');
    expect(opts[0]).toHaveTextContent('Internal');
    expect(opts[1]).toHaveTextContent('Russian');
    expect(opts[0]).not.toHaveTextContent('English');
    expect(opts[0]).toHaveTextContent('Top › Section');
  });

  it('only lets <mark> through in snippets', async () => {
    await setup();
    const snippet = screen.getAllByRole('option')[0].querySelector('.snippet')!;
    expect(snippet.querySelectorAll('mark')).toHaveLength(1);
    expect(snippet.querySelector('img')).toBeNull();
    expect(snippet.textContent).toContain('<img src=x');
  });

  it('moves with arrow keys, opens with Enter, escapes with Escape', async () => {
    const { store, onopen, onescape } = await setup();
    const list = screen.getByRole('listbox');
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(store.active).toBe(2);
    expect(list).toHaveAttribute('aria-activedescendant', 'cg-opt-2');
    expect(screen.getAllByRole('option')[2]).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(list, { key: 'Home' });
    expect(store.active).toBe(0);
    await fireEvent.keyDown(list, { key: 'End' });
    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(onopen).toHaveBeenCalledWith(2);
    await fireEvent.keyDown(list, { key: 'Escape' });
    expect(onescape).toHaveBeenCalled();
  });

  it('opens on click', async () => {
    const { store, onopen } = await setup();
    await fireEvent.click(screen.getAllByRole('option')[1]);
    expect(store.active).toBe(1);
    expect(onopen).toHaveBeenCalledWith(1);
  });
});
