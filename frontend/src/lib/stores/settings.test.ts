import { describe, expect, it, vi } from 'vitest';
import { SettingsStore } from './settings.svelte';
import { LedgerStore } from './ledger.svelte';
import type { LLMSettings, Profile, SettingsView } from '../workspace-types';

const view = (llm: LLMSettings, profile: Profile): SettingsView => ({ llm, profile, embedding: { provider: 'builtin' }, hasApiKey: false, keyMessage: 'No API key stored.' });

describe('SettingsStore', () => {
  it('loads, tests the form values and saves', async () => {
    const a = {
      getSettings: vi.fn(async () => view({ provider: 'none', piiMode: 'auto', piiPatterns: { ticket: 'T-\\d+' } }, { name: 'Agent', role: 'agent' })),
      saveSettings: vi.fn(async (l: LLMSettings, p: Profile) => view(l, p)),
      setApiKey: vi.fn(async () => ({ ...view({ provider: 'openai' }, { name: 'x', role: 'agent' }), hasApiKey: true, keyMessage: 'An API key is stored in the OS keychain.' })),
      testConnection: vi.fn(async () => Promise.reject('401 Unauthorized: check the API key in Settings')),
    };
    const s = new SettingsStore(a);
    await s.load();
    expect(s.form).toMatchObject({ name: 'Agent', role: 'agent', provider: 'none', timeoutSeconds: 60, piiMode: 'auto' });
    s.form.provider = 'openai';
    s.form.baseUrl = ' http://127.0.0.1:9/v1 ';
    s.form.model = 'fake';
    await s.test();
    expect(a.testConnection).toHaveBeenCalledWith({ provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'fake', timeoutSeconds: 60, piiMode: 'auto', piiPatterns: { ticket: 'T-\\d+' } });
    expect(s.testResult).toEqual({ ok: false, text: '401 Unauthorized: check the API key in Settings' });
    s.form.role = 'supervisor';
    expect(await s.save()).toBe(true);
    expect(a.saveSettings.mock.calls[0][1]).toEqual({ name: 'Agent', role: 'supervisor' });
    expect(s.role).toBe('supervisor');
    expect(await s.setKey('sk-secret')).toBe(true);
    expect(s.hasApiKey).toBe(true);
    expect(JSON.stringify(s.form)).not.toContain('sk-secret');
  });
});

describe('LedgerStore', () => {
  it('loads sets and the 30-day summary, and events on expand', async () => {
    const a = {
      ledgerSets: vi.fn(async () => [{ setId: 'sug-1', agent: 'A', at: '', provider: 'none', passages: [], options: [] }]),
      ledgerSummary: vi.fn(async () => []),
      ledgerEvents: vi.fn(async () => [{ id: 1, setId: 'sug-1', type: 'shown' as const, optionIndex: -1 }]),
    };
    const l = new LedgerStore(a);
    await l.load();
    expect(a.ledgerSets).toHaveBeenCalledWith({ limit: 100 });
    expect(a.ledgerSummary).toHaveBeenCalledWith(30);
    await l.toggle('sug-1');
    expect(l.events['sug-1'][0].type).toBe('shown');
    await l.toggle('sug-1');
    expect(l.expanded).toBeNull();
  });
});
