import { describe, expect, it, vi } from 'vitest';
import { EditorTransferStore } from './editorTransfer.svelte';
import type { core } from 'wailsjs/go/models';

const plan = (noDepartment: string[]): core.ImportPlan => ({
  source: '/kb', create: ['lockers', 'wifi'], update: [], unchanged: [], archive: [], failed: [], noDepartment,
});

function fakeApi() {
  return {
    TransferService: {
      ImportPreview: vi.fn(async (_f: string, d: string) => plan(d ? [] : ['lockers'])),
      ImportApply: vi.fn(async (_f: string, d: string) => plan(d ? [] : ['lockers'])),
      Export: vi.fn(async () => 0),
    },
    SystemService: { PickFolder: vi.fn(async () => '') },
  };
}

describe('EditorTransferStore', () => {
  it('previews, takes a department for files that name none, and applies with it', async () => {
    const a = fakeApi();
    const t = new EditorTransferStore(a);
    t.setImportFolder(' /kb ');
    await t.preview();
    expect(a.TransferService.ImportPreview).toHaveBeenLastCalledWith('/kb', '');
    expect(t.plan?.noDepartment).toEqual(['lockers']);

    await t.setDepartment('Facilities');
    expect(a.TransferService.ImportPreview).toHaveBeenLastCalledWith('/kb', 'Facilities');
    expect(t.plan?.noDepartment).toEqual([]);

    expect(await t.apply()).toBe(true);
    expect(a.TransferService.ImportApply).toHaveBeenCalledWith('/kb', 'Facilities');
    expect(t.report?.noDepartment).toEqual([]);
    expect(t.plan).toBeNull();
  });

  it('does not apply without a preview', async () => {
    const a = fakeApi();
    const t = new EditorTransferStore(a);
    t.setImportFolder('/kb');
    expect(await t.apply()).toBe(false);
    expect(a.TransferService.ImportApply).not.toHaveBeenCalled();
  });
});
