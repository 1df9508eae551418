// Settings form: profile, LLM provider and the API key (never shown back).
import { errorMessage } from '../api';
import { wsApi, type WsApi } from '../api-workspace';
import type { LLMSettings, PIIMode, Profile, Provider, Role } from '../workspace-types';

type Api = Pick<WsApi, 'getSettings' | 'saveSettings' | 'setApiKey' | 'testConnection'>;

export interface SettingsForm {
  name: string;
  role: Role;
  provider: Provider;
  baseUrl: string;
  model: string;
  timeoutSeconds: number;
  piiMode: PIIMode;
}

export const DEFAULT_URLS: Record<Provider, string> = {
  none: '',
  ollama: 'http://127.0.0.1:11434',
  openai: 'https://api.openai.com/v1',
};

export class SettingsStore {
  form = $state<SettingsForm>({ name: '', role: 'agent', provider: 'none', baseUrl: '', model: '', timeoutSeconds: 60, piiMode: 'auto' });
  loaded = $state(false);
  hasApiKey = $state(false);
  keyMessage = $state('');
  role = $state<Role>('agent');
  error = $state<string | null>(null);
  saved = $state<string | null>(null);
  saving = $state(false);
  testing = $state(false);
  testResult = $state<{ ok: boolean; text: string } | null>(null);
  keyError = $state<string | null>(null);
  #api: Api;
  #piiPatterns: Record<string, string> | undefined;

  constructor(a: Api = wsApi) {
    this.#api = a;
  }

  async load(): Promise<void> {
    try {
      const v = await this.#api.getSettings();
      this.#apply(v.llm, v.profile);
      this.hasApiKey = v.hasApiKey;
      this.keyMessage = v.keyMessage;
      this.loaded = true;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  #apply(llm: LLMSettings, p: Profile) {
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

  llm(): LLMSettings {
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
      const v = await this.#api.saveSettings(this.llm(), { name: this.form.name.trim(), role: this.form.role });
      this.#apply(v.llm, v.profile);
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
      const v = await this.#api.setApiKey(key);
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
      this.testResult = { ok: true, text: await this.#api.testConnection(this.llm()) };
    } catch (err) {
      this.testResult = { ok: false, text: errorMessage(err) };
    } finally {
      this.testing = false;
    }
  }
}

export const settingsStore = new SettingsStore();
