// Settings → Team database: the shared PostgreSQL address (saved without a
// password), the password (OS keychain, never shown back), a connection
// test, switching to it from the next start, copying this computer's
// knowledge base into it, and this session's connection state.
import * as TeamService from 'wailsjs/go/app/TeamService';
import type { core } from 'wailsjs/go/models';
import { errorMessage } from '../errors';
import { on } from '../events';

export interface TeamDeps {
  TeamService: Pick<typeof TeamService, 'Get' | 'Test' | 'SetPassword' | 'Use' | 'UseLocal' | 'CopyLocal'>;
  on: typeof on;
}

export type Outcome = { ok: boolean; text: string };

/** Whether an address carries a password (user:secret@host or ?password=). */
export function hasPassword(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return u.password !== '' || u.searchParams.has('password');
  } catch {
    return false;
  }
}

/** HH:MM of an RFC 3339 time, in local time ('' when there is none). */
export function clock(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** One line on this session's connection: which database, online or not, who. */
export function describeStatus(v: core.TeamDatabaseView | null): string {
  if (!v) return '';
  if (!v.active) return 'This session uses the knowledge base on this computer.';
  const who = v.person ? ` Signed in as ${v.person} (${v.role}).` : '';
  if (v.status.online) return `Online${v.status.asOf ? ` — knowledge as of ${clock(v.status.asOf)}` : ''}.${who}`;
  const why = v.status.reason ? ` (${v.status.reason})` : '';
  return `Offline — showing knowledge as of ${clock(v.status.asOf) || 'the last start'}${why}.${who}`;
}

export class TeamStore {
  view = $state<core.TeamDatabaseView | null>(null);
  url = $state('');
  password = $state('');
  error = $state<string | null>(null);
  testing = $state(false);
  test = $state<Outcome | null>(null);
  probe = $state<core.TeamProbe | null>(null);
  switching = $state(false);
  switched = $state<Outcome | null>(null);
  passwordResult = $state<Outcome | null>(null);
  copying = $state(false);
  copyDone = $state(0);
  copyNow = $state('');
  copied = $state<Outcome | null>(null);
  #go: TeamDeps;

  constructor(deps: TeamDeps = { TeamService, on }) {
    this.#go = deps;
  }

  /** The address as it will be saved: trimmed, any password taken out. */
  get urlWarning(): string {
    return hasPassword(this.url) ? 'The password is taken out of the address and kept in the OS keychain; the address is saved without it.' : '';
  }

  #offState: (() => void) | null = null;

  /** Keeps this session's connection line current: index:state carries it. */
  #follow(): void {
    if (this.#offState) return;
    this.#offState = this.#go.on('index:state', (st) => {
      if (this.view && st.team?.team) this.view = { ...this.view, status: st.team } as core.TeamDatabaseView;
    });
  }

  async load(): Promise<void> {
    this.#follow();
    try {
      const v = await this.#go.TeamService.Get();
      this.view = v;
      if (!this.url) this.url = v.envUrl || v.url;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  async runTest(): Promise<void> {
    this.testing = true;
    this.test = this.probe = null;
    try {
      const r = await this.#go.TeamService.Test(this.url.trim(), this.password);
      this.probe = r.probe;
      this.test = { ok: r.ready, text: r.message };
    } catch (err) {
      this.test = { ok: false, text: errorMessage(err) };
    } finally {
      this.testing = false;
    }
  }

  /** Stores the typed password in the keychain (empty removes it). */
  async savePassword(remove = false): Promise<boolean> {
    this.passwordResult = null;
    try {
      this.view = await this.#go.TeamService.SetPassword(remove ? '' : this.password);
      this.password = '';
      this.passwordResult = { ok: true, text: remove ? 'Password removed from the keychain.' : 'Password stored in the OS keychain.' };
      return true;
    } catch (err) {
      this.passwordResult = { ok: false, text: errorMessage(err) };
      return false;
    }
  }

  /** Saves the address as the store from the next start (the password first, if typed). */
  async use(): Promise<boolean> {
    this.switching = true;
    this.switched = null;
    try {
      if (this.password && !(await this.savePassword())) {
        this.switched = this.passwordResult;
        return false;
      }
      const v = await this.#go.TeamService.Use(this.url.trim());
      this.view = v;
      this.url = v.url;
      this.switched = { ok: true, text: v.restartNeeded ? 'Saved. Restart Concierge to work on the team database; your local knowledge base stays on this computer.' : 'Switched: this window now works on the team database; this computer\'s search indexes catch up with it in the background.' };
      return true;
    } catch (err) {
      this.switched = { ok: false, text: errorMessage(err) };
      return false;
    } finally {
      this.switching = false;
    }
  }

  async useLocal(): Promise<void> {
    this.switched = null;
    try {
      const v = await this.#go.TeamService.UseLocal();
      this.view = v;
      this.switched = { ok: true, text: v.restartNeeded ? 'Saved. Restart Concierge to work on the knowledge base on this computer again.' : 'Switched: this window works on the knowledge base on this computer again.' };
    } catch (err) {
      this.switched = { ok: false, text: errorMessage(err) };
    }
  }

  async copyLocal(): Promise<void> {
    this.copying = true;
    this.copied = null;
    this.copyDone = 0;
    this.copyNow = '';
    const off = this.#go.on('team:copy', (p) => {
      this.copyDone = p.done;
      this.copyNow = p.message;
    });
    try {
      if (this.password && !(await this.savePassword())) {
        this.copied = this.passwordResult;
        return;
      }
      const r = await this.#go.TeamService.CopyLocal(this.url.trim());
      this.copied = { ok: true, text: r.message };
    } catch (err) {
      this.copied = { ok: false, text: errorMessage(err) };
    } finally {
      off();
      this.copying = false;
    }
  }
}

export const teamStore = new TeamStore();
