import { describe, expect, it, vi } from 'vitest';
import { AlertsStore, ruleLabel } from './alerts.svelte';
import { CustomerStore } from './customer.svelte';
import { ProgressStore } from './progress.svelte';
import { TeamQueueStore } from './teamQueue.svelte';
import { ProceduresStore } from './procedures.svelte';
import { fakeApi } from './fakeLifecycleApi';
import type { knowledge } from 'wailsjs/go/models';

describe('AlertsStore', () => {
  it('validates thresholds before saving and reloads the alerts after', async () => {
    const api = fakeApi();
    const s = new AlertsStore(api);
    await s.loadThresholds();
    s.form.noUpdateHours = 0;
    expect(await s.saveThresholds()).toBe(false);
    expect(s.formError).toMatch(/at least 1 hour/);
    expect(api.SaveAlertSettings).not.toHaveBeenCalled();
    s.form.noUpdateHours = 8;
    expect(await s.saveThresholds()).toBe(true);
    expect(api.SaveAlertSettings).toHaveBeenCalledWith({ noUpdateHours: 8, unansweredMessages: 2, waitingInternalHours: 48, checkMinutes: 5 });
    expect(s.saved).toBe('Alert thresholds saved.');
    expect(api.MyAlerts).toHaveBeenCalled();
  });

  it('keeps what the user typed while the thresholds were loading', async () => {
    let answer: (t: { noUpdateHours: number; unansweredMessages: number; waitingInternalHours: number; checkMinutes: number }) => void = () => {};
    const s = new AlertsStore(fakeApi({ AlertSettings: () => new Promise((ok) => (answer = ok)) }));
    const loading = s.loadThresholds();
    s.form.noUpdateHours = 0;
    answer({ noUpdateHours: 48, unansweredMessages: 2, waitingInternalHours: 24, checkMinutes: 5 });
    await loading;
    expect(s.form.noUpdateHours).toBe(0);
    expect(s.thresholds?.noUpdateHours).toBe(48);
  });

  it('lists alerts per request and labels rules', async () => {
    const s = new AlertsStore(fakeApi({ MyAlerts: async () => [{ rule: 'promise-passed', requestId: 'req-1', subject: 'Refund', reason: 'You promised Friday', since: '', owner: '' }] }));
    await s.load();
    expect(s.count).toBe(1);
    expect(s.forRequest('req-1')).toHaveLength(1);
    expect(s.forRequest('req-2')).toHaveLength(0);
    expect(ruleLabel('promise-passed')).toBe('Promised date passed');
    expect(ruleLabel('brand-new')).toBe('brand new');
  });
});

const summary = (id: string, status: string) => ({ id, subject: id, status }) as knowledge.RequestSummary;

describe('CustomerStore', () => {
  it('edits and saves a profile; past requests exclude the open one', async () => {
    const api = fakeApi();
    const history = vi.fn(async () => [summary('req-1', 'new'), summary('req-0', 'resolved')]);
    const s = new CustomerStore({ LifecycleService: api, RequestService: { CustomerHistory: history } });
    await s.load('ana@example.org', 'req-1');
    expect(history).toHaveBeenCalledWith('ana@example.org');
    expect(s.past.map((p) => p.id)).toEqual(['req-0']);
    expect(s.dirty).toBe(false);
    s.form!.preferredName = ' Annie ';
    s.form!.tone = 'informal';
    expect(s.dirty).toBe(true);
    expect(await s.save()).toBe(true);
    expect(api.SaveCustomerProfile).toHaveBeenCalledWith(expect.objectContaining({ preferredName: 'Annie', tone: 'informal', version: 0 }));
    expect(s.profile?.version).toBe(1);
    expect(s.dirty).toBe(false);
  });

  it('refuses an empty name', async () => {
    const api = fakeApi();
    const s = new CustomerStore({ LifecycleService: api, RequestService: { CustomerHistory: async () => [] } });
    await s.load('ana@example.org');
    s.form!.name = ' ';
    expect(await s.save()).toBe(false);
    expect(s.error).toMatch(/name cannot be empty/);
    expect(api.SaveCustomerProfile).not.toHaveBeenCalled();
  });
});

describe('ProgressStore', () => {
  const system = (over: Record<string, unknown> = {}) => ({ CopyToClipboard: vi.fn(async () => {}), PickFolder: vi.fn(async () => '/home/ana/updates'), ...over });

  it('generates, edits, copies and exports the update into the folder picked', async () => {
    const api = fakeApi();
    const sys = system();
    const s = new ProgressStore({ LifecycleService: api, SystemService: sys });
    await s.show('req-1');
    expect(s.open).toBe(true);
    expect(s.text).toBe('# Update\n\nDone.');
    expect(s.edited).toBe(false);
    s.text = '# Update\n\nRefund **approved**.';
    expect(s.edited).toBe(true);
    expect(s.html).toContain('<p>Refund <strong>approved</strong>.</p>');
    expect(await s.copy()).toBe(true);
    expect(sys.CopyToClipboard).toHaveBeenCalledWith('# Update\n\nRefund **approved**.');
    expect(await s.export('html')).toBe('/home/ana/updates/progress-req-1.html');
    expect(api.ExportProgressUpdate).toHaveBeenCalledWith('req-1', '# Update\n\nRefund **approved**.', 'html', '/home/ana/updates');
    expect(s.notice).toBe('Saved /home/ana/updates/progress-req-1.html');
  });

  it('does nothing when the folder dialog is cancelled', async () => {
    const api = fakeApi();
    const s = new ProgressStore({ LifecycleService: api, SystemService: system({ PickFolder: vi.fn(async () => '') }) });
    await s.show('req-1');
    expect(await s.export('md')).toBeNull();
    expect(api.ExportProgressUpdate).not.toHaveBeenCalled();
    expect(s.error).toBeNull();
  });

  it('copies and records the update as sent', async () => {
    const api = fakeApi();
    const sys = system();
    const s = new ProgressStore({ LifecycleService: api, SystemService: sys });
    await s.show('req-1');
    const o = await s.send();
    expect(sys.CopyToClipboard).toHaveBeenCalled();
    expect(api.SendProgressUpdate).toHaveBeenCalledWith('req-1', '# Update\n\nDone.');
    expect(o?.request.id).toBe('req-1');
  });

  it('shows a copy failure and records nothing', async () => {
    const api = fakeApi();
    const s = new ProgressStore({ LifecycleService: api, SystemService: system({ CopyToClipboard: async () => Promise.reject(new Error('no clipboard')) }) });
    await s.show('req-1');
    expect(await s.send()).toBeNull();
    expect(s.error).toBe('no clipboard');
    expect(api.SendProgressUpdate).not.toHaveBeenCalled();
  });
});

describe('TeamQueueStore', () => {
  it('splits the queue into unassigned and overdue', async () => {
    const item = (id: string, reason: string) => ({ request: summary(id, 'new'), state: {} as never, reason, due: '' });
    const t = new TeamQueueStore(fakeApi({ TeamQueue: async () => [item('a', 'unassigned'), item('b', 'overdue')] }));
    await t.load();
    expect(t.unassigned.map((q) => q.request.id)).toEqual(['a']);
    expect(t.overdue.map((q) => q.request.id)).toEqual(['b']);
  });
});

describe('ProceduresStore', () => {
  it('offers only articles with a task list under a Procedure heading', async () => {
    const Search = vi.fn(async () => ({ results: [{ articleId: 'refund-procedure' }, { articleId: 'refund-policy' }, { articleId: 'numbered' }] }) as never);
    const views: Record<string, unknown> = {
      'refund-procedure': {
        headings: [{ level: 2, text: 'Procedure: Refund', id: 'procedure-refund' }],
        html: '<h2 id="procedure-refund">Procedure: Refund</h2><ul><li><input type="checkbox" disabled> Check (15m)</li></ul>',
      },
      'refund-policy': { headings: [{ level: 2, text: 'Policy', id: 'p' }], html: '<h2 id="p">Policy</h2><ul><li><input type="checkbox" disabled> x</li></ul>' },
      // A Procedure heading over a numbered list, with a task list further down under another heading: no steps.
      numbered: {
        headings: [{ level: 2, text: 'Procedure', id: 'procedure' }, { level: 2, text: 'Checklist', id: 'c' }],
        html: '<h2 id="procedure">Procedure</h2><ol><li>Open</li></ol><h2 id="c">Checklist</h2><ul><li><input type="checkbox"> a</li></ul>',
      },
    };
    const Get = vi.fn(async (id: string) => ({ id, title: id, department: 'Billing', ...(views[id] as object) }) as never);
    const s = new ProceduresStore({ SearchService: { Search }, ArticleService: { Get } });
    await s.find('refund');
    expect(Search).toHaveBeenCalledWith(expect.objectContaining({ query: 'refund procedure' }));
    expect(s.choices.map((c) => c.articleId)).toEqual(['refund-procedure']);
    expect(s.skipped).toBe(2);
  });
});
