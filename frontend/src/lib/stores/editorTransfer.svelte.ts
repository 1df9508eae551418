// Import a folder of Markdown/HTML (preview first, then apply) and export a
// Markdown folder.
import { errorMessage } from '../api';
import { editorApi, type EditorApi, type ImportPlan } from '../editorApi';

type Api = Pick<EditorApi, 'importPreview' | 'importApply' | 'export' | 'pickFolder'>;

export class EditorTransferStore {
  importFolder = $state('');
  plan = $state<ImportPlan | null>(null);
  report = $state<ImportPlan | null>(null);
  importing = $state(false);
  importError = $state<string | null>(null);

  exportFolder = $state('');
  exportStatus = $state('');
  exporting = $state(false);
  exported = $state<string | null>(null);
  exportError = $state<string | null>(null);

  #api: Api;

  constructor(a: Api = editorApi) {
    this.#api = a;
  }

  setImportFolder(f: string): void {
    if (f !== this.importFolder) {
      this.importFolder = f;
      this.plan = null;
      this.report = null;
    }
  }

  async browse(kind: 'import' | 'export'): Promise<void> {
    try {
      const f = await this.#api.pickFolder(kind === 'import' ? 'Folder to import' : 'Folder to export into');
      if (!f) return;
      if (kind === 'import') this.setImportFolder(f);
      else this.exportFolder = f;
    } catch (err) {
      if (kind === 'import') this.importError = errorMessage(err);
      else this.exportError = errorMessage(err);
    }
  }

  async preview(): Promise<void> {
    const f = this.importFolder.trim();
    if (!f) {
      this.importError = 'Type or pick a folder first.';
      return;
    }
    this.importing = true;
    this.importError = null;
    this.report = null;
    try {
      this.plan = await this.#api.importPreview(f);
    } catch (err) {
      this.plan = null;
      this.importError = errorMessage(err);
    } finally {
      this.importing = false;
    }
  }

  /** Applies the previewed plan. Returns whether anything was applied. */
  async apply(): Promise<boolean> {
    const f = this.importFolder.trim();
    if (!this.plan || !f) return false;
    this.importing = true;
    this.importError = null;
    try {
      this.report = await this.#api.importApply(f);
      this.plan = null;
      return true;
    } catch (err) {
      this.importError = errorMessage(err);
      return false;
    } finally {
      this.importing = false;
    }
  }

  async export(): Promise<void> {
    const f = this.exportFolder.trim();
    if (!f) {
      this.exportError = 'Type or pick a folder first.';
      return;
    }
    this.exporting = true;
    this.exportError = this.exported = null;
    try {
      const n = await this.#api.export(f, this.exportStatus);
      this.exported = `Wrote ${n} ${n === 1 ? 'file' : 'files'} to ${f}.`;
    } catch (err) {
      this.exportError = errorMessage(err);
    } finally {
      this.exporting = false;
    }
  }
}

export const editorTransfer = new EditorTransferStore();
