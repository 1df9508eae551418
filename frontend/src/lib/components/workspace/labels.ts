// Display labels shared by the workspace components.
// The keys are the values knowledge.RequestStatus and knowledge.Channel take,
// in the order the UI offers them.

const STATUS: Record<string, string> = {
  new: 'New',
  'in-progress': 'In progress',
  'waiting-on-customer': 'Waiting on customer',
  'waiting-on-internal': 'Waiting on internal',
  resolved: 'Resolved',
  closed: 'Closed',
};
/** Statuses stored before the lifecycle (the back end migrates them). */
const LEGACY: Record<string, string> = { open: 'New', 'waiting-on-department': 'Waiting on internal' };
export const REQUEST_STATUSES = Object.keys(STATUS);
export const statusLabel = (s: string) => STATUS[s] ?? LEGACY[s] ?? s;

const CHANNEL: Record<string, string> = { email: 'E-mail', phone: 'Phone', chat: 'Chat', portal: 'Patient portal', 'walk-in': 'Walk-in' };
export const CHANNELS = Object.keys(CHANNEL);
export const channelLabel = (c: string) => CHANNEL[c] ?? c;

export function authorLabel(a: string, agentName?: string): string {
  if (a === 'customer') return 'Customer';
  if (a === 'note') return `Internal note${agentName ? ` · ${agentName}` : ''}`;
  return agentName || 'Agent';
}

const timeFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
/**
 * Formats a Go time.Time as it arrives (an RFC 3339 string). The generated
 * typings declare time.Time as an empty interface once a bound method takes
 * one as a parameter, hence `unknown`.
 */
export function shortTime(s: unknown): string {
  if (typeof s !== 'string' || !s) return '';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) || d.getFullYear() < 2000 ? '' : timeFmt.format(d);
}

/** A Go time.Time as an RFC 3339 string for a <time datetime> attribute ("" when absent). */
export function isoTime(s: unknown): string {
  return typeof s === 'string' ? s : '';
}
