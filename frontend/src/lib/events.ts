// Backend events (app/events.go) and a typed subscription over the Wails
// runtime. Every payload type is generated from Go.
import { EventsOnMultiple } from 'wailsjs/runtime/runtime';
import type { app, core } from 'wailsjs/go/models';
import type { Reminder } from './stores/lifecycleApi';

/**
 * kb:changed, requests:changed and ledger:changed carry an app.ChangeEvent:
 * its kind (kb: saved, published, archived, status, imported, restored,
 * created; requests: created, updated, message; ledger: set, event, rating)
 * and the ids concerned (empty for bulk changes).
 */
export interface EventMap {
  'index:progress': app.Progress;
  'index:state': core.IndexState;
  'kb:changed': app.ChangeEvent;
  'requests:changed': app.ChangeEvent;
  'ledger:changed': app.ChangeEvent;
  'assist:token': app.AssistToken;
  /** Progress of Settings → Team database → Copy my local knowledge base (app.TeamCopyProgress). */
  'team:copy': { done: number; message: string };
  /** The set of due alerts changed (LifecycleService, app/API.md). */
  'alerts:changed': { count: number; requestIds: string[] };
  /** Reminders that just fell due (and, once at start, those that fell due while closed). */
  'reminders:due': Reminder[];
  /** Settings → Team database switched the database in use (app.StoreSwitched): every view reloads. */
  'store:switched': { team: boolean; url: string };
}

export type EventName = keyof EventMap;

declare global {
  interface Window {
    /** Injected by Wails (or the browser harness) before the app starts. */
    runtime?: unknown;
  }
}

/**
 * Subscribes to a backend event and returns the unsubscribe function. Without
 * a runtime (unit tests, a page opened outside Wails) nothing is delivered.
 */
export function on<N extends EventName>(name: N, cb: (data: EventMap[N]) => void): () => void {
  if (!window.runtime) return () => {};
  return EventsOnMultiple(name, (data: EventMap[N]) => cb(data), -1);
}

/** Whether a change event concerns the given id (bulk changes carry no ids and concern everything). */
export function concerns(ev: app.ChangeEvent | null | undefined, id: string): boolean {
  return !ev || ev.ids.length === 0 || ev.ids.includes(id);
}
