import { describe, expect, it, vi } from 'vitest';
import { EditorListsStore } from './editorLists.svelte';
import type { core } from 'wailsjs/go/models';

const item = { articleId: 'vpn', title: 'VPN setup', version: 1, discards: 2, heavyEdits: 1, since: '', evidence: [] } as unknown as core.CurationItem;

describe('EditorListsStore curation tab', () => {
  it('loads the items and resolves one with the note, then reloads', async () => {
    const AttentionService = {
      Stale: vi.fn(async () => []),
      Flagged: vi.fn(async () => []),
      Gaps: vi.fn(async () => []),
      Duplicates: vi.fn(async () => []),
      Suspicious: vi.fn(async () => []),
      Curation: vi.fn(async () => [item]),
      ResolveCuration: vi.fn(async () => ({ articleId: 'vpn', note: 'port fixed', changes: [{ version: 2 }] }) as unknown as core.CurationResolution),
    };
    const s = new EditorListsStore({ EditorService: { List: vi.fn(async () => []) }, AttentionService });
    await s.load('suggestions');
    expect(AttentionService.Curation).toHaveBeenCalledWith(0);
    expect(s.curation[0].title).toBe('VPN setup');
    AttentionService.Curation.mockResolvedValueOnce([]);
    await s.resolveCuration('vpn', 'port fixed');
    expect(AttentionService.ResolveCuration).toHaveBeenCalledWith('vpn', 'port fixed', 0);
    expect(s.resolved?.note).toBe('port fixed');
    expect(s.curation).toEqual([]);
  });

  it('shows a refused resolution in place', async () => {
    const AttentionService = {
      Stale: vi.fn(async () => []),
      Flagged: vi.fn(async () => []),
      Gaps: vi.fn(async () => []),
      Duplicates: vi.fn(async () => []),
      Suspicious: vi.fn(async () => []),
      Curation: vi.fn(async () => [item]),
      ResolveCuration: vi.fn(async () => Promise.reject('the article has not changed since the suggestions cited it')),
    };
    const s = new EditorListsStore({ EditorService: { List: vi.fn(async () => []) }, AttentionService });
    await s.resolveCuration('vpn', '');
    expect(s.errors.suggestions).toContain('has not changed');
    expect(s.resolved).toBeNull();
  });
});
