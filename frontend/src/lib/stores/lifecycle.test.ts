import { describe, expect, it } from 'vitest';
import { LifecycleStore } from './lifecycle.svelte';
import { event, fakeApi, overview, ZERO } from './fakeLifecycleApi';


describe('LifecycleStore', () => {
  it('loads a request and shows its timeline oldest first', async () => {
    const api = fakeApi({
      Overview: async () =>
        overview({
          timeline: [
            event({ seq: 2, kind: 'status', at: '2026-11-30T11:00:00Z', from: 'new', to: 'in-progress' }),
            event({ seq: 0, kind: 'message', at: '2026-11-30T09:00:00Z', actor: 'customer', text: 'Help' }),
          ],
        }),
    });
    const s = new LifecycleStore(api);
    await s.load('req-1');
    expect(s.timeline.map((e) => e.kind)).toEqual(['message', 'status']);
    expect(s.status).toBe('new');
  });

  it('changes the status (with a note) and shows the returned overview', async () => {
    const api = fakeApi();
    const s = new LifecycleStore(api);
    await s.load('req-1');
    expect(await s.setStatus('in-progress', ' started ')).not.toBeNull();
    expect(api.SetStatus).toHaveBeenCalledWith('req-1', 'in-progress', 'started');
    expect(s.status).toBe('in-progress');
    expect(await s.setStatus('in-progress')).toBeNull();
    expect(api.SetStatus).toHaveBeenCalledTimes(1);
  });

  it('keeps the shown state and says why when a write fails', async () => {
    const api = fakeApi({ SetStatus: async () => Promise.reject('request req-1 changed meanwhile: reload it') });
    const s = new LifecycleStore(api);
    await s.load('req-1');
    expect(await s.setStatus('resolved')).toBeNull();
    expect(s.saveError).toBe('request req-1 changed meanwhile: reload it');
    expect(s.status).toBe('new');
  });

  it('sets the next step and due date; an empty date clears it', async () => {
    const api = fakeApi();
    const s = new LifecycleStore(api);
    await s.load('req-1');
    await s.setNextStep('  Ask billing for the refund  ', '2026-12-04T10:00:00.000Z');
    expect(api.SetNextStep).toHaveBeenCalledWith('req-1', 'Ask billing for the refund', '2026-12-04T10:00:00.000Z');
    expect(s.overview?.state.nextStep).toBe('Ask billing for the refund');
    await s.setNextStep('Wait', '');
    expect(api.SetNextStep).toHaveBeenLastCalledWith('req-1', 'Wait', '');
  });

  it('counts departments consulted, and says resolved across N once resolved', async () => {
    const s = new LifecycleStore(fakeApi({ Overview: async () => overview({ departments: ['Billing', 'Clinic'], request: { status: 'waiting-on-internal' } }) }));
    await s.load('req-1');
    expect(s.departmentsLine).toBe('2 departments consulted');
    const r = new LifecycleStore(fakeApi({ Overview: async () => overview({ departments: ['Billing', 'Clinic', 'IT'], request: { status: 'resolved' } }) }));
    await r.load('req-1');
    expect(r.departmentsLine).toBe('Resolved across 3 departments');
  });

  it('hands over only with a colleague and a note', async () => {
    const api = fakeApi();
    const s = new LifecycleStore(api);
    await s.load('req-1');
    expect(await s.handOver('', 'note')).toBeNull();
    expect(await s.handOver('Ben', ' ')).toBeNull();
    expect(s.saveError).toMatch(/hand-over note/);
    expect(api.HandOver).not.toHaveBeenCalled();
    await s.handOver(' Ben ', ' Refund approved; call Friday ');
    expect(api.HandOver).toHaveBeenCalledWith('req-1', 'Ben', 'Refund approved; call Friday');
    expect(s.overview?.state.assignee).toBe('Ben');
  });

  it('attaches a procedure and checks steps off (1-based for the service); overrun steps are counted', async () => {
    const plan = (done: boolean) => ({
      articleId: 'refund-procedure',
      articleVersion: 2,
      title: 'Refund procedure',
      startedAt: '2026-12-01T09:00:00Z',
      steps: [
        { title: 'Check the payment', minutes: 30, due: '2026-12-01T09:30:00Z', doneAt: done ? '2026-12-01T09:20:00Z' : ZERO, doneBy: '' },
        { title: 'Ask billing', minutes: 120, due: '2026-12-01T11:30:00Z', doneAt: ZERO, doneBy: '' },
      ],
    });
    const withPlan = (done: boolean) => {
      const o = overview();
      return { ...o, state: { ...o.state, plan: plan(done) } };
    };
    const api = fakeApi({ AttachProcedure: async () => withPlan(false), CompleteStep: async () => withPlan(true) });
    const s = new LifecycleStore(api);
    await s.load('req-1', new Date('2026-12-01T10:00:00Z'));
    expect(await s.attachProcedure('')).toBeNull();
    expect(s.saveError).toMatch(/Pick a procedure/);
    await s.attachProcedure('refund-procedure');
    expect(s.plan?.steps).toHaveLength(2);
    expect(s.stepsOverrun).toBe(1);
    await s.completeStep(0);
    expect(api.CompleteStep).toHaveBeenCalledWith('req-1', 1);
    expect(s.stepsDone).toBe(1);
    expect(s.stepsOverrun).toBe(0);
  });

  it('reloads on a change that concerns the request only', async () => {
    const api = fakeApi();
    const s = new LifecycleStore(api);
    await s.load('req-1');
    s.onChanged(['req-2']);
    expect(api.Overview).toHaveBeenCalledTimes(1);
    s.onChanged(['req-1']);
    expect(api.Overview).toHaveBeenCalledTimes(2);
  });
});
