import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import RequestFollowUps from './RequestFollowUps.svelte';
import { RemindersStore } from '../../../stores/reminders.svelte';
import { fakeApi, reminder } from '../../../stores/fakeLifecycleApi';
import { fromLocalInput } from '../../../followups';

const clock = { now: () => new Date('2026-12-01T12:00:00Z') };

describe('RequestFollowUps', () => {
  it('confirms a promise from the sent reply as a reminder, at the time the agent corrected', async () => {
    const api = fakeApi({ ProposeReminders: async () => [{ text: 'I will call you on Friday.', due: '2026-12-04T09:00:00Z', phrase: 'on Friday' }] });
    const store = new RemindersStore(api, clock);
    await store.propose('req-1', 'Hello. I will call you on Friday.');
    const onchange = vi.fn();
    render(RequestFollowUps, { props: { store, requestId: 'req-1', onchange } });
    expect(screen.getByText('Your reply made a promise')).toBeInTheDocument();
    expect(screen.getByText('“I will call you on Friday.”')).toBeInTheDocument();
    const at = screen.getByLabelText('Remind me at');
    await userEvent.clear(at);
    await userEvent.type(at, '2026-12-04T10:30');
    await userEvent.click(screen.getByRole('button', { name: 'Set reminder' }));
    expect(api.AddReminder).toHaveBeenCalledWith({ requestId: 'req-1', due: fromLocalInput('2026-12-04T10:30'), text: 'I will call you on Friday.', source: 'promise' });
    expect(onchange).toHaveBeenCalled();
    expect(screen.queryByText('Your reply made a promise')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('reminder')).toHaveLength(1);
  });

  it('adds a reminder by hand, explains what is missing, snoozes and completes', async () => {
    const api = fakeApi({ Reminders: async () => [reminder({ id: 'r1', text: 'Chase billing', due: '2026-12-01T11:00:00Z' })] });
    const store = new RemindersStore(api, clock);
    await store.load();
    render(RequestFollowUps, { props: { store, requestId: 'req-1', onchange: vi.fn() } });
    await userEvent.click(screen.getByRole('button', { name: 'Add reminder' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Pick the date and time the reminder is due.');
    await userEvent.type(screen.getByLabelText('Remind me to'), 'Call Ana');
    await userEvent.type(screen.getByLabelText('At'), '2026-12-02T09:00');
    await userEvent.click(screen.getByRole('button', { name: 'Add reminder' }));
    expect(api.AddReminder).toHaveBeenCalledWith(expect.objectContaining({ text: 'Call Ana', source: 'manual' }));
    expect(screen.getAllByTestId('reminder')).toHaveLength(2);

    await userEvent.selectOptions(screen.getByLabelText('Snooze reminder: Chase billing'), 'Tomorrow 09:00');
    expect(api.SnoozeReminder).toHaveBeenCalledWith('r1', expect.any(String));
    await userEvent.click(screen.getByRole('button', { name: 'Complete reminder: Call Ana' }));
    expect(api.CompleteReminder).toHaveBeenCalledWith('rem-new');
  });
});
