// Backend events (app/events.go) and a typed subscription over the Wails
// runtime. The payload types come from the generated models where Wails
// generates them; the rest are declared here until a bound method names them.
import { EventsOnMultiple } from 'wailsjs/runtime/runtime';
import type { app } from 'wailsjs/go/models';

/** What changed: the payload of kb:changed, requests:changed and ledger:changed. */
export interface ChangeEvent {
  /** kb: saved, published, archived, status, imported, restored, created; requests: created, updated, message; ledger: set, event, rating. */
  kind: string;
  /** The article, request or suggestion-set ids concerned (may be empty for bulk changes). */
  ids: string[];
}

/** The payload of index:progress. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
  message: string;
}

/** The payload of assist:token (one streamed chunk of a suggestion). */
export interface AssistToken {
  requestId: string;
  text: string;
}

export interface EventMap {
  'index:progress': Progress;
  'index:state': app.IndexState;
  'kb:changed': ChangeEvent;
  'requests:changed': ChangeEvent;
  'ledger:changed': ChangeEvent;
  'assist:token': AssistToken;
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
export function concerns(ev: ChangeEvent | null | undefined, id: string): boolean {
  return !ev || ev.ids.length === 0 || ev.ids.includes(id);
}
