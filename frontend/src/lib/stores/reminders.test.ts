import { describe, expect, it } from 'vitest';
import { RemindersStore } from './reminders.svelte';
import { fakeApi, reminder } from './fakeLifecycleApi';

function clock(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (s: string) => (now = new Date(s)) };
}

describe('RemindersStore', () => {
  it('lists open reminders soonest first and counts the due ones', async () => {
    const c = clock('2026-12-04T12:00:00Z');
    const api = fakeApi({
      Reminders: async () => [
        reminder({ id: 'b', due: '2026-12-05T10:00:00Z' }),
        reminder({ id: 'a', due: '2026-12-04T10:00:00Z' }),
        reminder({ id: 'done', due: '2026-12-01T10:00:00Z', doneAt: '2026-12-01T11:00:00Z' }),
      ],
    });
    const s = new RemindersStore(api, c);
    await s.load();
    expect(s.open.map((r) => r.id)).toEqual(['a', 'b']);
    expect(s.dueCount).toBe(1);
  });

  it('shows reminders due at start once, and notices those that fall due later', async () => {
    const c = clock('2026-12-04T12:00:00Z');
    const early = reminder({ id: 'early', due: '2026-12-04T09:00:00Z' });
    const later = reminder({ id: 'later', due: '2026-12-04T13:00:00Z' });
    const api = fakeApi({ DueReminders: async () => [early], Reminders: async () => [early, later] });
    const s = new RemindersStore(api, c);
    await s.load();
    expect(s.atStart.map((r) => r.id)).toEqual(['early']);
    expect(s.notices).toEqual([]); // already listed at start: no second notice
    expect(s.tick()).toEqual([]);
    c.set('2026-12-04T13:00:00Z');
    expect(s.tick().map((r) => r.id)).toEqual(['later']);
    expect(s.notices.map((r) => r.id)).toEqual(['later']);
    expect(s.dueCount).toBe(2);
    expect(s.tick()).toEqual([]); // a notice once per due time
    await s.load();
    expect(api.DueReminders).toHaveBeenCalledTimes(1);
  });

  it('snoozes: the reminder leaves the due list and notifies again at its new time', async () => {
    const c = clock('2026-12-04T12:00:00Z');
    const api = fakeApi({ Reminders: async () => [reminder({ id: 'r', due: '2026-12-04T11:00:00Z' })] });
    const s = new RemindersStore(api, c);
    await s.load();
    expect(s.notices.map((r) => r.id)).toEqual(['r']);
    await s.snooze('r', '2026-12-04T13:00:00Z');
    expect(api.SnoozeReminder).toHaveBeenCalledWith('r', '2026-12-04T13:00:00Z');
    expect(s.dueCount).toBe(0);
    expect(s.notices).toEqual([]);
    c.set('2026-12-04T13:00:00Z');
    expect(s.tick().map((r) => r.id)).toEqual(['r']);
  });

  it('completes a reminder', async () => {
    const c = clock('2026-12-04T12:00:00Z');
    const api = fakeApi({ Reminders: async () => [reminder({ id: 'r', due: '2026-12-04T11:00:00Z' })] });
    const s = new RemindersStore(api, c);
    await s.load();
    await s.complete('r');
    expect(s.open).toEqual([]);
    expect(s.dueCount).toBe(0);
  });

  it('adds a manual reminder only with a time and a text', async () => {
    const api = fakeApi();
    const s = new RemindersStore(api, clock('2026-12-04T12:00:00Z'));
    expect(await s.add('req-1', '', 'Call')).toBeNull();
    expect(s.error).toMatch(/date and time/);
    expect(await s.add('req-1', '2026-12-05T09:00:00Z', '  ')).toBeNull();
    expect(s.error).toMatch(/what to follow up/);
    const r = await s.add('req-1', '2026-12-05T09:00:00Z', ' Call Ana ');
    expect(api.AddReminder).toHaveBeenCalledWith({ requestId: 'req-1', due: '2026-12-05T09:00:00Z', text: 'Call Ana', source: 'manual' });
    expect(r?.id).toBe('rem-new');
    expect(s.forRequest('req-1').map((x) => x.id)).toEqual(['rem-new']);
    expect(s.error).toBeNull();
  });

  it('proposes reminders from the promises of a sent reply and confirms one, possibly at a corrected time', async () => {
    const api = fakeApi({ ProposeReminders: async () => [{ text: 'I will call you on Friday.', due: '2026-12-04T09:00:00Z', phrase: 'on Friday' }] });
    const s = new RemindersStore(api, clock('2026-12-01T12:00:00Z'));
    await s.propose('req-1', 'Hello Ana. I will call you on Friday.');
    expect(api.ProposeReminders).toHaveBeenCalledWith('req-1', 'Hello Ana. I will call you on Friday.');
    expect(s.proposalsFor('req-1')).toHaveLength(1);
    expect(s.proposalsFor('req-2')).toHaveLength(0);
    await s.confirm(s.proposals[0], '2026-12-04T10:00:00Z');
    expect(api.AddReminder).toHaveBeenCalledWith({ requestId: 'req-1', due: '2026-12-04T10:00:00Z', text: 'I will call you on Friday.', source: 'promise' });
    expect(s.proposals).toEqual([]);
    expect(s.forRequest('req-1')).toHaveLength(1);
  });

  it('keeps the proposal when confirming fails, and says why', async () => {
    const api = fakeApi({
      ProposeReminders: async () => [{ text: 'I will call.', due: '2026-12-04T09:00:00Z', phrase: '' }],
      AddReminder: async () => Promise.reject('the reminder has no due time: choose when it is due'),
    });
    const s = new RemindersStore(api, clock('2026-12-01T12:00:00Z'));
    await s.propose('req-1', 'I will call.');
    expect(await s.confirm(s.proposals[0])).toBeNull();
    expect(s.proposals).toHaveLength(1);
    expect(s.error).toBe('the reminder has no due time: choose when it is due');
  });

  it('merges reminders:due from the back end and notices each once', async () => {
    const c = clock('2026-12-04T12:00:00Z');
    const s = new RemindersStore(fakeApi(), c);
    await s.load();
    const r = reminder({ id: 'x', due: '2026-12-04T11:59:00Z' });
    expect(s.onDue([r]).map((x) => x.id)).toEqual(['x']);
    expect(s.onDue([r])).toEqual([]);
    expect(s.dueCount).toBe(1);
    s.dismissNotice('x');
    expect(s.notices).toEqual([]);
    expect(s.dueCount).toBe(1);
  });
});
