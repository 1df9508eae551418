// Words the supervisor screens use for outcomes and reasons.
export const OUTCOMES = [
  { value: 'used', label: 'Used as is', color: '#2e7d32' },
  { value: 'edited', label: 'Edited, then sent', color: '#1565c0' },
  { value: 'discarded', label: 'Discarded', color: '#c62828' },
  { value: 'inserted', label: 'Inserted, not sent', color: '#ef8f00' },
  { value: 'shown', label: 'Only shown', color: '#8a8f98' },
] as const;

export function outcomeLabel(o: string): string {
  return OUTCOMES.find((x) => x.value === o)?.label ?? o;
}

export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
