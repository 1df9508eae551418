// Import a folder of Markdown/HTML (preview first, then apply) and export a
// Markdown folder.
import * as TransferService from 'wailsjs/go/app/TransferService';
import * as SystemService from 'wailsjs/go/app/SystemService';
import type { core } from 'wailsjs/go/models';
import { errorMessage } from '../errors';


export interface TransferDeps {
  TransferService: Pick<typeof TransferService, 'ImportPreview' | 'ImportApply' | 'Export'>;
  SystemService: Pick<typeof SystemService, 'PickFolder'>;
}

export class EditorTransferStore {
  importFolder = $state('');
  plan = $state<core.ImportPlan | null>(null);
  report = $state<core.ImportReport | null>(null);
  importing = $state(false);
  importError = $state<string | null>(null);
  /** Department given to imported files that name none (HTML pages usually). */
  department = $state('');

  exportFolder = $state('');
  exportStatus = $state('');
  exporting = $state(false);
  exported = $state<string | null>(null);
  exportError = $state<string | null>(null);

  #go: TransferDeps;

  constructor(deps: TransferDeps = { TransferService, SystemService }) {
    this.#go = deps;
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
      const f = await this.#go.SystemService.PickFolder(kind === 'import' ? 'Folder to import' : 'Folder to export into');
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
      this.plan = await this.#go.TransferService.ImportPreview(f, this.department.trim());
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
      this.report = await this.#go.TransferService.ImportApply(f, this.department.trim());
      this.plan = null;
      return true;
    } catch (err) {
      this.importError = errorMessage(err);
      return false;
    } finally {
      this.importing = false;
    }
  }

  /** Picks the department for files without one; the preview is refreshed so it shows what Apply will do. */
  async setDepartment(d: string): Promise<void> {
    if (d === this.department) return;
    this.department = d;
    if (this.plan) await this.preview();
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
      const n = await this.#go.TransferService.Export(f, this.exportStatus);
      this.exported = `Wrote ${n} ${n === 1 ? 'file' : 'files'} to ${f}.`;
    } catch (err) {
      this.exportError = errorMessage(err);
    } finally {
      this.exporting = false;
    }
  }
}

export const editorTransfer = new EditorTransferStore();
