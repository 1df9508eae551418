// LifecycleService as bound by Wails (window.go.app.LifecycleService), typed
// by LifecycleApi. Calls go through window.go at call time, as the generated
// wailsjs modules do.
import type { LifecycleApi } from './lifecycleApi';

type Bound = Record<string, (...args: unknown[]) => Promise<unknown>>;

function service(): Bound {
  const go = (window as unknown as { go?: { app?: { LifecycleService?: Bound } } }).go;
  const s = go?.app?.LifecycleService;
  if (!s) throw new Error('The lifecycle service is not available: restart Concierge.');
  return s;
}

const METHODS: (keyof LifecycleApi)[] = [
  'Overview', 'SetStatus', 'SetNextStep', 'Assign', 'HandOver', 'TeamQueue', 'AddReminder', 'SnoozeReminder', 'CompleteReminder',
  'DueReminders', 'Reminders', 'ProposeReminders', 'Alerts', 'AlertSettings', 'SaveAlertSettings', 'AttachProcedure', 'CompleteStep',
  'CustomerProfile', 'SaveCustomerProfile', 'ProgressUpdate',
];

export const LifecycleService = Object.fromEntries(
  METHODS.map((m) => [m, (...args: unknown[]) => (async () => service()[m](...args))()]),
) as unknown as LifecycleApi;
