import { describe, expect, it, vi } from 'vitest';
import { SettingsStore } from './settings.svelte';
import type { config, core } from 'wailsjs/go/models';

type LLMSettings = config.LLM;
type Profile = config.Profile;
type SettingsView = core.SettingsView;

const view = (llm: LLMSettings, profile: Profile): SettingsView => ({ llm, profile, embedding: { provider: 'builtin' }, hasApiKey: false, keyMessage: 'No API key stored.', roleFromServer: false });

describe('SettingsStore', () => {
  it('loads, tests the form values and saves', async () => {
    const a = {
      Get: vi.fn(async () => view({ provider: 'none', piiMode: 'auto', piiPatterns: { ticket: 'T-\\d+' } }, { name: 'Agent', role: 'agent' })),
      Save: vi.fn(async (l: LLMSettings, p: Profile) => view(l, p)),
      SetAPIKey: vi.fn(async () => ({ ...view({ provider: 'openai' }, { name: 'x', role: 'agent' }), hasApiKey: true, keyMessage: 'An API key is stored in the OS keychain.' })),
      TestConnection: vi.fn(async () => Promise.reject('401 Unauthorized: check the API key in Settings')),
    };
    const s = new SettingsStore({ SettingsService: a });
    await s.load();
    expect(s.form).toMatchObject({ name: 'Agent', role: 'agent', provider: 'none', timeoutSeconds: 60, piiMode: 'auto' });
    s.form.provider = 'openai';
    s.form.baseUrl = ' http://127.0.0.1:9/v1 ';
    s.form.model = 'fake';
    await s.test();
    expect(a.TestConnection).toHaveBeenCalledWith({ provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'fake', timeoutSeconds: 60, piiMode: 'auto', piiPatterns: { ticket: 'T-\\d+' } });
    expect(s.testResult).toEqual({ ok: false, text: '401 Unauthorized: check the API key in Settings' });
    s.form.role = 'supervisor';
    expect(await s.save()).toBe(true);
    expect(a.Save.mock.calls[0][1]).toEqual({ name: 'Agent', role: 'supervisor' });
    expect(s.role).toBe('supervisor');
    expect(await s.setKey('sk-secret')).toBe(true);
    expect(s.hasApiKey).toBe(true);
    expect(JSON.stringify(s.form)).not.toContain('sk-secret');
  });

  it('in team mode takes the name and role the server gives', async () => {
    const team = { ...view({ provider: 'none' }, { name: 'ana', role: 'admin' }), roleFromServer: true };
    const a = {
      Get: vi.fn(async () => team),
      Save: vi.fn(async () => team),
      SetAPIKey: vi.fn(async () => team),
      TestConnection: vi.fn(async () => ''),
    };
    const s = new SettingsStore({ SettingsService: a });
    await s.load();
    expect(s.roleFromServer).toBe(true);
    expect(s.role).toBe('admin');
    expect(await s.save()).toBe(true);
    expect(s.roleFromServer).toBe(true);
  });
});
