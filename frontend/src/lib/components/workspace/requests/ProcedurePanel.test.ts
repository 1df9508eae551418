import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ProcedurePanel from './ProcedurePanel.svelte';
import { LifecycleStore } from '../../../stores/lifecycle.svelte';
import { ProceduresStore } from '../../../stores/procedures.svelte';
import { fakeApi, overview, ZERO } from '../../../stores/fakeLifecycleApi';

const plan = (done: boolean) => ({
  articleId: 'lost-card',
  articleVersion: 1,
  title: 'Replace a lost card',
  startedAt: '2026-12-01T09:00:00Z',
  steps: [
    { title: 'Verify the identity', minutes: 15, due: '2026-12-01T09:15:00Z', doneAt: done ? '2026-12-01T09:10:00Z' : ZERO, doneBy: done ? 'Ana' : '' },
    { title: 'Order the new card', minutes: 1440, due: '2026-12-02T09:15:00Z', doneAt: ZERO, doneBy: '' },
  ],
});
const withPlan = (done: boolean) => {
  const o = overview();
  return { ...o, state: { ...o.state, plan: plan(done) } };
};

describe('ProcedurePanel', () => {
  it('finds a procedure, attaches it, shows the plan and checks a step off', async () => {
    const api = fakeApi({ AttachProcedure: async () => withPlan(false), CompleteStep: async () => withPlan(true) });
    const lc = new LifecycleStore(api);
    await lc.load('req-1', new Date('2026-12-01T10:00:00Z'));
    const Search = vi.fn(async () => ({ results: [{ articleId: 'lost-card' }] }) as never);
    const Get = vi.fn(
      async () =>
        ({ id: 'lost-card', title: 'Replace a lost card', department: 'Billing', headings: [{ level: 2, text: 'Procedure', id: 'procedure' }], html: '<h2 id="procedure">Procedure</h2><ul><li><input type="checkbox"> Verify</li></ul>' }) as never,
    );
    const picker = new ProceduresStore({ SearchService: { Search }, ArticleService: { Get } });
    render(ProcedurePanel, { props: { lc, picker, now: new Date('2026-12-01T10:00:00Z') } });

    await userEvent.type(screen.getByLabelText('Find a procedure'), 'lost card');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await userEvent.click(await screen.findByRole('radio', { name: /Replace a lost card/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Attach procedure' }));
    expect(api.AttachProcedure).toHaveBeenCalledWith('req-1', 'lost-card');

    const steps = within(await screen.findByTestId('procedure')).getAllByRole('listitem');
    expect(steps[0]).toHaveTextContent('Verify the identity');
    expect(steps[0]).toHaveTextContent('overdue');
    expect(screen.getByText(/0 of 2 steps done · 1 overdue/)).toBeInTheDocument();
    await userEvent.click(within(steps[0]).getByRole('checkbox'));
    expect(api.CompleteStep).toHaveBeenCalledWith('req-1', 1);
    expect(await screen.findByText(/1 of 2 steps done/)).toBeInTheDocument();
    expect(within(screen.getByTestId('procedure')).getAllByRole('checkbox')[0]).toBeChecked();
  });
});
