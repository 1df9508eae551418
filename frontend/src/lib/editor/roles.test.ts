import { describe, expect, it } from 'vitest';
import { canEdit, canRead, roleNotice, statusLabel, transitions } from './roles';

describe('role gating', () => {
  it('lets only editors (and a team database admin) write', () => {
    expect(canEdit('editor')).toBe(true);
    expect(canEdit('admin')).toBe(true);
    expect(canRead('admin')).toBe(true);
    for (const r of ['agent', 'supervisor', '', null, undefined]) expect(canEdit(r)).toBe(false);
  });

  it('explains why writing is off, once the profile is known', () => {
    expect(roleNotice('agent', false)).toBeNull();
    expect(roleNotice('editor', true)).toBeNull();
    expect(roleNotice('supervisor', true)).toMatch(/read everything.*editor role.*supervisor/);
    expect(roleNotice('agent', true)).toMatch(/needs the editor role.*agent/);
    expect(canRead('supervisor')).toBe(true);
    expect(canRead('agent')).toBe(false);
  });

  it('offers the workflow moves of each status', () => {
    expect(transitions('draft').map((t) => t.to)).toEqual(['review', 'published', 'archived']);
    expect(transitions('review').map((t) => t.label)).toEqual(['Publish', 'Back to draft', 'Archive']);
    expect(transitions('published').map((t) => t.to)).toEqual(['draft', 'archived']);
    expect(transitions('archived').map((t) => t.to)).toEqual(['draft']);
    expect(transitions('weird')).toEqual([]);
    expect(statusLabel('review')).toBe('In review');
  });
});
