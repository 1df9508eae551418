// Pure helpers for the lifecycle screens: statuses, timeline presentation,
// due dates and snooze presets. No Svelte, no bindings: unit-tested directly.

/** The six lifecycle statuses, in workflow order, with their labels. */
export const LIFECYCLE: { id: string; label: string; hint: string }[] = [
  { id: 'new', label: 'New', hint: 'Nobody has worked on it yet' },
  { id: 'in-progress', label: 'In progress', hint: 'You are working on it' },
  { id: 'waiting-on-customer', label: 'Waiting on customer', hint: 'The customer owes an answer' },
  { id: 'waiting-on-internal', label: 'Waiting on internal', hint: 'Another department owes an answer' },
  { id: 'resolved', label: 'Resolved', hint: 'Answered; the customer may still reply' },
  { id: 'closed', label: 'Closed', hint: 'Finished for good' },
];

/** Kinds of timeline event the back end records, with an icon and a label. */
const KIND: Record<string, { icon: string; label: string }> = {
  message: { icon: '✉', label: 'Message' },
  'customer-message': { icon: '✉', label: 'Customer wrote' },
  'agent-message': { icon: '↩', label: 'Reply sent' },
  reply: { icon: '↩', label: 'Reply sent' },
  note: { icon: '✎', label: 'Internal note' },
  status: { icon: '⇄', label: 'Status changed' },
  'status-changed': { icon: '⇄', label: 'Status changed' },
  suggestion: { icon: '✦', label: 'Suggestion used' },
  'suggestion-used': { icon: '✦', label: 'Suggestion used' },
  citation: { icon: '❝', label: 'Article cited' },
  'article-cited': { icon: '❝', label: 'Article cited' },
  reminder: { icon: '⏰', label: 'Reminder' },
  'reminder-set': { icon: '⏰', label: 'Reminder set' },
  'reminder-done': { icon: '✔', label: 'Reminder completed' },
  'reminder-snoozed': { icon: '⏰', label: 'Reminder snoozed' },
  procedure: { icon: '☰', label: 'Procedure' },
  'procedure-attached': { icon: '☰', label: 'Procedure attached' },
  step: { icon: '☑', label: 'Step done' },
  'step-done': { icon: '☑', label: 'Step done' },
  'next-step': { icon: '➜', label: 'Next step' },
  handover: { icon: '⇆', label: 'Handed over' },
  'hand-over': { icon: '⇆', label: 'Handed over' },
  assigned: { icon: '👤', label: 'Assigned' },
  department: { icon: '⌂', label: 'Department consulted' },
  'department-consulted': { icon: '⌂', label: 'Department consulted' },
  'handed-over': { icon: '⇆', label: 'Handed over' },
  created: { icon: '＋', label: 'Request created' },
  'progress-update': { icon: '📣', label: 'Progress update' },
};

export function kindMeta(kind: string): { icon: string; label: string } {
  return KIND[kind] ?? { icon: '•', label: kind ? kind[0].toUpperCase() + kind.slice(1).replace(/-/g, ' ') : 'Event' };
}

/** Chronological order (oldest first); equal times keep their given order. */
export function chronological<T extends { at: string }>(items: readonly T[]): T[] {
  return items
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => (Number.isNaN(a.t) ? 0 : a.t) - (Number.isNaN(b.t) ? 0 : b.t) || a.i - b.i)
    .map((x) => x.e);
}

/** Groups events by calendar day (local time), keeping their order. */
export function byDay<T extends { at: string }>(items: readonly T[]): { day: string; items: T[] }[] {
  const out: { day: string; items: T[] }[] = [];
  for (const e of items) {
    const d = new Date(e.at);
    const day = Number.isNaN(d.getTime()) ? '' : dayFmt.format(d);
    const last = out.at(-1);
    if (last && last.day === day) last.items.push(e);
    else out.push({ day, items: [e] });
  }
  return out;
}
const dayFmt = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** A valid time, zero years (Go's zero time) as none. */
export function validTime(s: string | null | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) || d.getFullYear() < 2000 ? null : d;
}

/** Whether an RFC 3339 time is at or before now. */
export function isDue(at: string | null | undefined, now: Date): boolean {
  const d = validTime(at);
  return d !== null && d.getTime() <= now.getTime();
}

/** "in 3 h", "2 d overdue", "now": how far a due time is from now. */
export function relativeDue(at: string | null | undefined, now: Date): string {
  const d = validTime(at);
  if (!d) return '';
  const mins = Math.round((d.getTime() - now.getTime()) / 60000);
  const abs = Math.abs(mins);
  const span = abs < 1 ? '' : abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`;
  if (!span) return 'now';
  return mins > 0 ? `in ${span}` : `${span} overdue`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value of an <input type="datetime-local"> for a time (local), "" for none. */
export function toLocalInput(at: string | Date | null | undefined): string {
  const d = at instanceof Date ? at : validTime(at);
  if (!d) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An <input type="datetime-local"> value (local time) as RFC 3339 (UTC), or null when empty or invalid. */
export function fromLocalInput(v: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(v.trim());
  if (!m) return null;
  const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Snooze choices from now: in an hour, tomorrow 09:00, next Monday 09:00. */
export function snoozePresets(now: Date): { label: string; at: string }[] {
  const hour = new Date(now.getTime() + 3600_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  const days = ((8 - now.getDay()) % 7) || 7;
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 9, 0);
  return [
    { label: '1 hour', at: hour.toISOString() },
    { label: 'Tomorrow 09:00', at: tomorrow.toISOString() },
    { label: 'Monday 09:00', at: monday.toISOString() },
  ];
}

const whenFmt = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
/** "Fri 4 Dec, 10:00" or "" for no time. */
export function whenLabel(at: string | null | undefined): string {
  const d = validTime(at);
  return d ? whenFmt.format(d) : '';
}

export const statusName = (s: string) => LIFECYCLE.find((x) => x.id === s)?.label ?? LEGACY_STATUS[s] ?? s;
const LEGACY_STATUS: Record<string, string> = { open: 'New', 'waiting-on-department': 'Waiting on internal' };

/** The shape of a timeline event this module reads (knowledge.TimelineEvent). */
export interface TimelineLike {
  kind: string;
  at: string;
  actor: string;
  text: string;
  from: string;
  to: string;
  articleId: string;
  articleVersion: number;
  department: string;
  due: string;
  ref: string;
}

/** A timeline event as a headline (who did what) and a body (the text), for display. */
export function describeEvent(e: TimelineLike): { icon: string; label: string; headline: string; body: string; tone: string } {
  const m = kindMeta(e.kind);
  const due = whenLabel(e.due);
  const who = e.actor === 'customer' ? 'Customer' : e.actor || '';
  let headline = '';
  let body = e.text;
  let tone = e.kind;
  switch (e.kind) {
    case 'message': {
      // Messages merged from the conversation: from is the author (customer/agent), actor their name.
      const customer = e.from === 'customer' || e.actor === 'customer';
      headline = customer ? `${e.actor && e.actor !== 'customer' ? e.actor : 'Customer'} wrote` : `${who || 'Agent'} replied`;
      tone = customer ? 'customer' : 'agent';
      return { icon: customer ? '✉' : '↩', label: customer ? 'Customer message' : 'Reply sent', headline, body, tone };
    }
    case 'note':
      headline = `${who || 'Agent'} added a note`;
      break;
    case 'status':
      headline = `${statusName(e.from || '') || '—'} → ${statusName(e.to)}${who ? ` · ${who}` : ''}`;
      break;
    case 'suggestion-used':
      headline = 'Suggestion used in a reply';
      break;
    case 'article-cited':
      headline = `Cited ${e.articleId}${e.articleVersion ? ` v${e.articleVersion}` : ''}${e.department ? ` (${e.department})` : ''}`;
      break;
    case 'department-consulted':
      headline = `Consulted ${e.department || 'a department'}`;
      break;
    case 'assigned':
      headline = e.to ? `Assigned to ${e.to}` : 'Unassigned';
      break;
    case 'handed-over':
      headline = `Handed over${e.from ? ` by ${e.from}` : ''} to ${e.to}`;
      break;
    case 'next-step':
      headline = due ? `Next step, due ${due}` : 'Next step';
      break;
    case 'reminder-set':
      headline = due ? `Reminder set for ${due}` : 'Reminder set';
      break;
    case 'reminder-snoozed':
      headline = due ? `Reminder snoozed to ${due}` : 'Reminder snoozed';
      break;
    case 'reminder-done':
      headline = 'Reminder completed';
      break;
    case 'procedure-attached':
      headline = 'Procedure attached';
      break;
    case 'step-done':
      headline = `Step ${e.ref} done`;
      break;
    case 'progress-update':
      headline = 'Progress update prepared';
      break;
    default:
      headline = m.label;
  }
  return { icon: m.icon, label: m.label, headline, body, tone };
}
