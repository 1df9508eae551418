import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import DataBanner from './DataBanner.svelte';
import type { core } from 'wailsjs/go/models';

const base: core.IndexState = {
  articles: 10, total: 12, passages: 80, embedder: 'builtin', state: 'ready', message: 'Ready', done: 0, of: 0, dataDir: '/data',
  readOnly: '', team: { team: false, online: false, asOf: '', reason: '' },
};

describe('DataBanner', () => {
  it('shows nothing for a writable local knowledge base', () => {
    render(DataBanner, { props: { state: base } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says read-only and why', () => {
    render(DataBanner, { props: { state: { ...base, readOnly: 'the knowledge base in /data is open read-only because it is on a read-only disk or share' } } });
    const b = screen.getByTestId('readonly-banner');
    expect(b.getAttribute('role')).toBe('alert');
    expect(b.textContent).toContain('Read-only');
    expect(b.textContent).toContain('The knowledge base in /data is open read-only because it is on a read-only disk or share.');
  });

  it('names a damaged database and the recovery path', () => {
    render(DataBanner, { props: { state: { ...base, readOnly: 'the knowledge database /data/concierge.db is damaged. Showing, read-only, the 41 articles that could still be read. To rebuild it: indexer export --salvage DIR' } } });
    const b = screen.getByTestId('readonly-banner');
    expect(b.textContent).toContain('Damaged knowledge base — read-only');
    expect(b.textContent).toContain('indexer export --salvage DIR');
  });

  it('says offline with the time of the local copy', () => {
    const asOf = new Date(2026, 10, 30, 14, 7).toISOString();
    render(DataBanner, { props: { state: { ...base, team: { team: true, online: false, asOf, reason: 'connection refused' } } } });
    expect(screen.getByTestId('offline-banner').textContent).toContain('Showing knowledge as of 14:07');
  });
});
