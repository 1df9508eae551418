import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import ConnectionLine from './ConnectionLine.svelte';
import type { core } from 'wailsjs/go/models';

const base: core.IndexState = {
  articles: 10, total: 12, passages: 80, embedder: 'builtin', state: 'ready', message: 'Ready', done: 0, of: 0, dataDir: '/data',
  readOnly: '', team: { team: false, online: false, asOf: '', reason: '' },
};

describe('ConnectionLine', () => {
  it('shows nothing on the knowledge base on this computer', () => {
    render(ConnectionLine, { props: { state: base } });
    expect(screen.queryByTestId('connection-line')).toBeNull();
  });

  it('shows nothing while the team database is reachable', () => {
    render(ConnectionLine, { props: { state: { ...base, team: { team: true, online: true, asOf: new Date().toISOString(), reason: '' } } } });
    expect(screen.queryByTestId('connection-line')).toBeNull();
  });

  it('says offline, as of when, that changes are refused, and why', () => {
    const asOf = new Date(2026, 10, 30, 9, 5).toISOString();
    render(ConnectionLine, { props: { state: { ...base, team: { team: true, online: false, asOf, reason: 'connection refused' } } } });
    const line = screen.getByTestId('connection-line');
    expect(line.getAttribute('role')).toBe('status');
    expect(line.textContent).toContain('Offline — showing knowledge as of 09:05');
    expect(line.textContent).toContain('Changes are refused');
    expect(line.textContent).toContain('(connection refused)');
  });

  it('says the last start when it has no time', () => {
    render(ConnectionLine, { props: { state: { ...base, team: { team: true, online: false, asOf: '', reason: '' } } } });
    expect(screen.getByTestId('connection-line').textContent).toContain('as of the last start');
  });
});
