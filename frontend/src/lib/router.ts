// A tiny hash router: #/search, #/requests, #/requests/<id>, #/ledger, #/settings, #/knowledge, #/followups.
// Pure functions here; the reactive store lives in stores/router.svelte.ts.

export type View = 'search' | 'requests' | 'ledger' | 'settings' | 'knowledge' | 'followups';

export const VIEWS: { id: View; label: string }[] = [
  { id: 'search', label: 'Search' },
  { id: 'requests', label: 'Requests' },
  { id: 'ledger', label: 'Ledger' },
  { id: 'settings', label: 'Settings' },
  { id: 'knowledge', label: 'Knowledge' },
  { id: 'followups', label: 'Follow-ups' },
];

export interface Route {
  view: View;
  /** The open request (requests view only). */
  requestId?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const view = VIEWS.find((v) => v.id === parts[0])?.id ?? 'search';
  if (view === 'requests' && parts[1] && ID.test(parts[1])) return { view, requestId: parts[1] };
  return { view };
}

export function formatHash(r: Route): string {
  if (r.view === 'requests' && r.requestId) return `#/requests/${encodeURIComponent(r.requestId)}`;
  return `#/${r.view}`;
}

/** Ctrl/Cmd+1..4 → the view at that position, else null. */
export function viewShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): View | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  const n = Number(e.key);
  if (!Number.isInteger(n) || n < 1 || n > VIEWS.length) return null;
  return VIEWS[n - 1].id;
}
