// Small display helpers.

let names: Intl.DisplayNames | null = null;
try {
  names = new Intl.DisplayNames(['en'], { type: 'language' });
} catch {
  names = null;
}

/** "ru" → "Russian"; falls back to the upper-cased code. */
export function languageName(code: string): string {
  if (!code) return 'Unknown';
  try {
    return names?.of(code) ?? code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}

/** English articles need no badge. */
export function isEnglish(code: string | null | undefined): boolean {
  return !code || /^en(-|$)/i.test(code);
}

export function audienceLabel(a: string): string {
  if (a === 'internal') return 'Internal';
  if (a === 'customer-facing') return 'Customer-facing';
  return a ? a[0].toUpperCase() + a.slice(1) : 'Unknown';
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** Formats an RFC 3339 timestamp or a YYYY-MM-DD date; "" stays "". */
export function formatDate(s: string | null | undefined): string {
  if (!s) return '';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(s + 'T00:00:00') : new Date(s);
  return Number.isNaN(d.getTime()) ? s : dateFmt.format(d);
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export function stateLabel(state: string | undefined): string {
  switch (state) {
    case 'ready':
      return 'Ready';
    case 'importing':
      return 'Importing…';
    case 'indexing':
      return 'Indexing…';
    case 'repairing':
      return 'Repairing index…';
    case 'error':
      return 'Error';
    default:
      return state ? state[0].toUpperCase() + state.slice(1) : 'Connecting…';
  }
}
