import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import TeamDatabaseSettings from './TeamDatabaseSettings.svelte';
import { TeamStore, describeStatus, hasPassword, type TeamDeps } from '../../stores/team.svelte';
import type { core } from 'wailsjs/go/models';

const local: core.TeamDatabaseView = {
  url: '',
  selected: false,
  active: false,
  restartNeeded: false,
  envUrl: '',
  hasPassword: false,
  passwordMessage: 'No password stored.',
  status: { team: false, online: false, asOf: '', reason: '' },
  person: '',
  role: '',
};

const probe: core.TeamProbe = { serverVersion: '15.8 (Debian 15.8-0+deb12u1)', latencyMs: 0.42, person: 'alice', role: 'editor', schema: 6, want: 6 };

let stateCb: ((s: core.IndexState) => void) | undefined;

function deps(over: Partial<TeamDeps['TeamService']> = {}) {
  let copyCb: ((p: { done: number; message: string }) => void) | undefined;
  const svc = {
    Get: vi.fn(async () => local),
    Test: vi.fn(async () => ({ probe, message: 'Connected to PostgreSQL 15.8 in 0.4 ms as alice (editor).', ready: true })),
    SetPassword: vi.fn(async (pw: string) => ({ ...local, hasPassword: pw !== '', passwordMessage: pw ? 'A password is stored in the OS keychain.' : 'No password stored.' })),
    Use: vi.fn(async (url: string) => ({ ...local, url, selected: true, restartNeeded: true, hasPassword: true })),
    UseLocal: vi.fn(async () => local),
    CopyLocal: vi.fn(async () => {
      copyCb?.({ done: 3, message: 'article billing-refund' });
      return { articles: { copied: 3, present: 0 }, versions: { copied: 4, present: 0 }, requests: { copied: 0, present: 0 }, suggestionSets: { copied: 0, present: 0 }, ledgerEvents: { copied: 0, present: 0 }, ratings: { copied: 0, present: 0 }, conflicts: [], message: 'Copied 3 articles (4 versions).' };
    }),
    ...over,
  };
  const d: TeamDeps = {
    TeamService: svc,
    on: ((name: string, cb: (p: never) => void) => {
      if (name === 'index:state') {
        stateCb = cb as (s: core.IndexState) => void;
        return () => (stateCb = undefined);
      }
      if (name === 'team:copy') copyCb = cb as (p: { done: number; message: string }) => void;
      return () => (copyCb = undefined);
    }) as TeamDeps['on'],
  };
  return { d, svc };
}

describe('team database helpers', () => {
  it('spots passwords in addresses and describes the connection', () => {
    expect(hasPassword('postgres://alice:secret@db:5432/c')).toBe(true);
    expect(hasPassword('postgres://alice@db:5432/c?password=x')).toBe(true);
    expect(hasPassword('postgres://alice@db:5432/c')).toBe(false);
    expect(hasPassword('not a url')).toBe(false);
    expect(describeStatus(local)).toBe('This session uses the knowledge base on this computer.');
    const asOf = new Date(2026, 10, 30, 9, 5).toISOString();
    const team = { ...local, active: true, selected: true, person: 'bob', role: 'agent', status: { team: true, online: false, asOf, reason: 'connection refused' } };
    expect(describeStatus(team)).toBe('Offline — showing knowledge as of 09:05 (connection refused). Signed in as bob (agent).');
    expect(describeStatus({ ...team, status: { ...team.status, online: true } })).toBe('Online — knowledge as of 09:05. Signed in as bob (agent).');
  });
});

describe('TeamStore', () => {
  it('tests, stores the password before switching, and never keeps it', async () => {
    const { d, svc } = deps();
    const s = new TeamStore(d);
    await s.load();
    s.url = ' postgres://alice@db:5432/concierge ';
    s.password = 'pw-123456';
    await s.runTest();
    expect(svc.Test).toHaveBeenCalledWith('postgres://alice@db:5432/concierge', 'pw-123456');
    expect(s.test).toEqual({ ok: true, text: 'Connected to PostgreSQL 15.8 in 0.4 ms as alice (editor).' });
    expect(await s.use()).toBe(true);
    expect(svc.SetPassword).toHaveBeenCalledWith('pw-123456');
    expect(svc.Use).toHaveBeenCalledWith('postgres://alice@db:5432/concierge');
    expect(s.password).toBe('');
    expect(s.switched?.text).toContain('Restart Concierge');
  });

  it('reports a failed test with the back end message and copy progress', async () => {
    const { d } = deps({ Test: vi.fn(async () => Promise.reject('connect to the team database: the team database cannot be reached. Check the host and port')) });
    const s = new TeamStore(d);
    s.url = 'postgres://alice@nowhere:1/c';
    await s.runTest();
    expect(s.test).toEqual({ ok: false, text: 'connect to the team database: the team database cannot be reached. Check the host and port' });
    await s.copyLocal();
    expect(s.copyDone).toBe(3);
    expect(s.copied).toEqual({ ok: true, text: 'Copied 3 articles (4 versions).' });
    expect(s.copying).toBe(false);
  });
});

describe('TeamDatabaseSettings', () => {
  it('shows the status, warns about a password in the address and shows the probe', async () => {
    const { d, svc } = deps();
    const store = new TeamStore(d);
    render(TeamDatabaseSettings, { props: { store } });
    expect(await screen.findByText('This session uses the knowledge base on this computer.')).toBeTruthy();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Address/), 'postgres://alice:s3cret@db:5432/concierge');
    expect(screen.getByText(/password is taken out of the address/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByText('alice · editor')).toBeTruthy());
    expect(screen.getByText('0.4 ms')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Use this database' }));
    await waitFor(() => expect(screen.getByTestId('team-restart').textContent).toContain('restart Concierge'));
    expect(svc.Use).toHaveBeenCalled();
  });
});

describe('TeamStore connection line', () => {
  it('follows index:state: online, then offline as of when and why', async () => {
    const asOf = new Date(2026, 10, 30, 9, 5).toISOString();
    const team = { ...local, active: true, selected: true, person: 'bob', role: 'agent', status: { team: true, online: true, asOf, reason: '' } };
    const { d } = deps({ Get: vi.fn(async () => team) });
    const s = new TeamStore(d);
    await s.load();
    expect(describeStatus(s.view)).toBe('Online — knowledge as of 09:05. Signed in as bob (agent).');
    stateCb?.({ articles: 1, total: 1, passages: 2, embedder: 'builtin', state: 'ready', message: '', done: 0, of: 0, dataDir: '/d', readOnly: '',
      team: { team: true, online: false, asOf, reason: 'connection refused' } });
    expect(describeStatus(s.view)).toBe('Offline — showing knowledge as of 09:05 (connection refused). Signed in as bob (agent).');
  });
});
