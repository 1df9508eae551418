import { describe, expect, it } from 'vitest';
import { byDay, chronological, describeEvent, fromLocalInput, isDue, kindMeta, LIFECYCLE, relativeDue, snoozePresets, toLocalInput, validTime } from './followups';

describe('followups helpers', () => {
  it('offers the six lifecycle statuses in workflow order', () => {
    expect(LIFECYCLE.map((s) => s.id)).toEqual(['new', 'in-progress', 'waiting-on-customer', 'waiting-on-internal', 'resolved', 'closed']);
  });

  it('sorts a timeline oldest first and keeps the order of equal times', () => {
    const ev = [
      { at: '2026-11-30T12:00:00Z', k: 'c' },
      { at: '2026-11-30T10:00:00Z', k: 'a' },
      { at: '2026-11-30T12:00:00Z', k: 'd' },
      { at: '2026-11-30T11:00:00Z', k: 'b' },
    ];
    expect(chronological(ev).map((e) => e.k)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('groups events by day', () => {
    const g = byDay([{ at: '2026-11-30T10:00:00' }, { at: '2026-11-30T11:00:00' }, { at: '2026-12-01T09:00:00' }]);
    expect(g.map((d) => d.items.length)).toEqual([2, 1]);
    expect(g[0].day).toMatch(/30 Nov 2026/);
  });

  it('labels known kinds and humanises unknown ones', () => {
    expect(kindMeta('handed-over').label).toBe('Handed over');
    expect(kindMeta('article-cited').label).toBe('Article cited');
    expect(kindMeta('some-new-kind').label).toBe('Some new kind');
  });

  it('treats Go zero times as none', () => {
    expect(validTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(isDue('0001-01-01T00:00:00Z', new Date())).toBe(false);
    expect(isDue('2026-11-30T10:00:00Z', new Date('2026-11-30T10:00:00Z'))).toBe(true);
    expect(isDue('2026-11-30T10:00:01Z', new Date('2026-11-30T10:00:00Z'))).toBe(false);
  });

  it('says how far a due time is', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    expect(relativeDue('2026-11-30T10:30:00Z', now)).toBe('in 30 min');
    expect(relativeDue('2026-11-30T07:00:00Z', now)).toBe('3 h overdue');
    expect(relativeDue('2026-12-04T10:00:00Z', now)).toBe('in 4 d');
    expect(relativeDue('2026-11-30T10:00:10Z', now)).toBe('now');
  });

  it('round-trips datetime-local values', () => {
    const iso = fromLocalInput('2026-12-04T09:30');
    expect(iso).not.toBeNull();
    expect(toLocalInput(iso)).toBe('2026-12-04T09:30');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
  });

  it('offers snooze presets in the future: an hour, tomorrow 09:00, next Monday 09:00', () => {
    const now = new Date(2026, 11, 2, 15, 0); // a Wednesday
    const [h, t, m] = snoozePresets(now).map((p) => new Date(p.at));
    expect(h.getTime() - now.getTime()).toBe(3600_000);
    expect([t.getDate(), t.getHours()]).toEqual([3, 9]);
    expect([m.getDay(), m.getDate(), m.getHours()]).toEqual([1, 7, 9]);
    const monday = new Date(2026, 11, 7, 8, 0);
    expect(new Date(snoozePresets(monday)[2].at).getDate()).toBe(14);
  });
});

describe('describeEvent', () => {
  const base = { kind: '', at: '2026-11-30T10:00:00Z', actor: 'Ana', text: '', from: '', to: '', articleId: '', articleVersion: 0, department: '', due: '0001-01-01T00:00:00Z', ref: '' };
  it('says who did what for every kind', () => {
    expect(describeEvent({ ...base, kind: 'message', actor: 'customer', text: 'Hi' })).toMatchObject({ headline: 'Customer wrote', body: 'Hi', tone: 'customer' });
    expect(describeEvent({ ...base, kind: 'message', text: 'Hello', from: 'agent' }).headline).toBe('Ana replied');
    expect(describeEvent({ ...base, kind: 'message', actor: 'Marta Silva', from: 'customer' })).toMatchObject({ headline: 'Marta Silva wrote', tone: 'customer' });
    expect(describeEvent({ ...base, kind: 'status', from: 'new', to: 'waiting-on-internal' }).headline).toBe('New → Waiting on internal · Ana');
    expect(describeEvent({ ...base, kind: 'article-cited', articleId: 'billing-refunds', articleVersion: 3, department: 'Billing' }).headline).toBe('Cited billing-refunds v3 (Billing)');
    expect(describeEvent({ ...base, kind: 'handed-over', from: 'Ana', to: 'Ben', text: 'Call Friday' })).toMatchObject({ headline: 'Handed over by Ana to Ben', body: 'Call Friday', icon: '⇆' });
    expect(describeEvent({ ...base, kind: 'step-done', ref: '2' }).headline).toBe('Step 2 done');
    expect(describeEvent({ ...base, kind: 'reminder-set', due: '2026-12-04T10:00:00Z' }).headline).toMatch(/^Reminder set for \w{3} 4 Dec/);
    expect(describeEvent({ ...base, kind: 'next-step', text: 'Ask billing' })).toMatchObject({ headline: 'Next step', body: 'Ask billing' });
    expect(describeEvent({ ...base, kind: 'department-consulted', department: 'Clinic' }).headline).toBe('Consulted Clinic');
  });
});
