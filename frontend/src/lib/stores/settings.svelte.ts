// Settings form: profile, LLM provider and the API key (never shown back).
import * as SettingsService from 'wailsjs/go/app/SettingsService';
import type { config } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

export interface SettingsDeps {
  SettingsService: Pick<typeof SettingsService, 'Get' | 'Save' | 'SetAPIKey' | 'TestConnection'>;
}

/** The suggestion providers the form offers (config.LLM.provider). */
export type Provider = 'none' | 'ollama' | 'openai';

export interface SettingsForm {
  name: string;
  role: string;
  provider: string;
  baseUrl: string;
  model: string;
  timeoutSeconds: number;
  piiMode: string;
}

export const DEFAULT_URLS: Record<string, string> = {
  none: '',
  ollama: 'http://127.0.0.1:11434',
  openai: 'https://api.openai.com/v1',
};

export class SettingsStore {
  form = $state<SettingsForm>({ name: '', role: 'agent', provider: 'none', baseUrl: '', model: '', timeoutSeconds: 60, piiMode: 'auto' });
  loaded = $state(false);
  hasApiKey = $state(false);
  keyMessage = $state('');
  role = $state('agent');
  /** The role (and name) come from the team database's sign-in, not from the picker. */
  roleFromServer = $state(false);
  error = $state<string | null>(null);
  saved = $state<string | null>(null);
  saving = $state(false);
  testing = $state(false);
  testResult = $state<{ ok: boolean; text: string } | null>(null);
  keyError = $state<string | null>(null);
  #go: SettingsDeps;
  #piiPatterns: Record<string, string> | undefined;

  constructor(deps: SettingsDeps = { SettingsService }) {
    this.#go = deps;
  }

  async load(): Promise<void> {
    try {
      const v = await this.#go.SettingsService.Get();
      this.#apply(v.llm, v.profile);
      this.roleFromServer = !!v.roleFromServer;
      this.hasApiKey = v.hasApiKey;
      this.keyMessage = v.keyMessage;
      this.loaded = true;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  #apply(llm: config.LLM, p: config.Profile) {
    this.#piiPatterns = llm.piiPatterns;
    this.role = p.role;
    this.form = {
      name: p.name,
      role: p.role,
      provider: llm.provider || 'none',
      baseUrl: llm.baseUrl ?? '',
      model: llm.model ?? '',
      timeoutSeconds: llm.timeoutSeconds || 60,
      piiMode: llm.piiMode || 'auto',
    };
  }

  llm(): config.LLM {
    const f = this.form;
    return {
      provider: f.provider,
      baseUrl: f.provider === 'none' ? '' : f.baseUrl.trim(),
      model: f.provider === 'none' ? '' : f.model.trim(),
      timeoutSeconds: Math.max(1, Math.round(Number(f.timeoutSeconds) || 60)),
      piiMode: f.piiMode,
      ...(this.#piiPatterns ? { piiPatterns: this.#piiPatterns } : {}),
    };
  }

  async save(): Promise<boolean> {
    this.saving = true;
    this.error = this.saved = null;
    try {
      const v = await this.#go.SettingsService.Save(this.llm(), { name: this.form.name.trim(), role: this.form.role });
      this.#apply(v.llm, v.profile);
      this.roleFromServer = !!v.roleFromServer;
      this.hasApiKey = v.hasApiKey;
      this.keyMessage = v.keyMessage;
      this.saved = 'Settings saved.';
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.saving = false;
    }
  }

  async setKey(key: string): Promise<boolean> {
    this.keyError = null;
    try {
      const v = await this.#go.SettingsService.SetAPIKey(key);
      this.hasApiKey = v.hasApiKey;
      this.keyMessage = v.keyMessage;
      return true;
    } catch (err) {
      this.keyError = errorMessage(err);
      return false;
    }
  }

  async test(): Promise<void> {
    this.testing = true;
    this.testResult = null;
    try {
      this.testResult = { ok: true, text: await this.#go.SettingsService.TestConnection(this.llm()) };
    } catch (err) {
      this.testResult = { ok: false, text: errorMessage(err) };
    } finally {
      this.testing = false;
    }
  }
}

export const settingsStore = new SettingsStore();
