// An in-memory LifecycleApi for unit tests: every method a vi.fn.
import { vi } from 'vitest';
import type { knowledge } from 'wailsjs/go/models';
import type { LifecycleApi, Reminder, RequestOverview, TimelineEvent } from './lifecycleApi';

export const ZERO = '0001-01-01T00:00:00Z';

export function request(over: Partial<knowledge.SupportRequest> = {}): knowledge.SupportRequest {
  return { id: 'req-1', subject: 'Refund', channel: 'email', status: 'new', customer: { name: 'Ana Lima', contact: 'ana@example.org' }, messages: [], version: 1, ...over } as knowledge.SupportRequest;
}

export function overview(over: { request?: Partial<knowledge.SupportRequest> } & Partial<Omit<RequestOverview, 'request'>> = {}): RequestOverview {
  const { request: r, ...rest } = over;
  return {
    request: request(r),
    state: { requestId: r?.id ?? 'req-1', assignee: '', nextStep: '', nextDue: ZERO, promisedAt: ZERO, departments: [], plan: null, version: 1 },
    timeline: [],
    departments: [],
    reminders: [],
    alerts: [],
    agent: 'Ana',
    ...rest,
  };
}

export function event(over: Partial<TimelineEvent> = {}): TimelineEvent {
  return { seq: 1, kind: 'status', at: '2026-11-30T10:00:00Z', actor: 'Ana', text: '', from: '', to: '', articleId: '', articleVersion: 0, department: '', due: ZERO, ref: '', ...over };
}

export function reminder(over: Partial<Reminder> = {}): Reminder {
  return { id: 'rem-1', requestId: 'req-1', agent: 'Ana', text: 'Call back', due: '2026-12-04T10:00:00Z', source: 'manual', createdAt: '2026-11-30T10:00:00Z', doneAt: ZERO, snoozes: 0, version: 1, ...over };
}

type Fns = { [K in keyof LifecycleApi]: LifecycleApi[K] & ReturnType<typeof vi.fn> };

export function fakeApi(over: Partial<LifecycleApi> = {}): Fns {
  const withStatus = (id: string, status: string) => overview({ request: { id, status } });
  const api: LifecycleApi = {
    Overview: async (id) => overview({ request: { id } }),
    SetStatus: async (id, status) => withStatus(id, status),
    SetNextStep: async (id, nextStep, nextDue) => {
      const o = overview({ request: { id } });
      return { ...o, state: { ...o.state, nextStep, nextDue } };
    },
    Assign: async (id, agent) => {
      const o = overview({ request: { id } });
      return { ...o, state: { ...o.state, assignee: agent || 'Ana' } };
    },
    HandOver: async (id, to) => {
      const o = overview({ request: { id } });
      return { ...o, state: { ...o.state, assignee: to } };
    },
    TeamQueue: async () => [],
    AddReminder: async (r) => reminder({ id: 'rem-new', ...r }),
    SnoozeReminder: async (id, until) => reminder({ id, due: until, snoozes: 1 }),
    CompleteReminder: async (id) => reminder({ id, doneAt: '2026-12-04T11:00:00Z' }),
    DueReminders: async () => [],
    Reminders: async () => [],
    ProposeReminders: async () => [],
    Alerts: async () => [],
    MyAlerts: async () => [],
    AlertSettings: async () => ({ noUpdateHours: 24, unansweredMessages: 2, waitingInternalHours: 48, checkMinutes: 5 }),
    SaveAlertSettings: async (t) => t,
    AttachProcedure: async (id) => overview({ request: { id } }),
    CompleteStep: async (id) => overview({ request: { id } }),
    CustomerProfile: async (contact) => ({ contact, name: 'Ana Lima', preferredName: '', title: '', language: '', tone: '', preferredChannel: '', preferences: '', notes: '', version: 0 }),
    SaveCustomerProfile: async (p) => ({ ...p, version: p.version + 1 }),
    ProgressUpdate: async () => ({ markdown: '# Update\n\nDone.', html: '<h1>Update</h1><p>Done.</p>', fromLLM: false }),
    SendProgressUpdate: async (id) => overview({ request: { id } }),
    ExportProgressUpdate: async (id, _md, format, folder) => ({ path: `${folder}/progress-${id}.${format}` }),
    ...over,
  };
  const out = {} as Record<string, unknown>;
  for (const [k, f] of Object.entries(api)) out[k] = vi.isMockFunction(f) ? f : vi.fn(f as (...a: unknown[]) => unknown);
  return out as Fns;
}
