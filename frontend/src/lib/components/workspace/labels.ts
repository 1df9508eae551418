// Display labels shared by the workspace components.
import type { Channel, MessageAuthor, RequestStatus } from '../../workspace-types';

const STATUS: Record<RequestStatus, string> = {
  open: 'Open',
  'waiting-on-customer': 'Waiting on customer',
  'waiting-on-department': 'Waiting on department',
  resolved: 'Resolved',
};
export const statusLabel = (s: RequestStatus | string) => STATUS[s as RequestStatus] ?? s;

const CHANNEL: Record<Channel, string> = { email: 'E-mail', phone: 'Phone', chat: 'Chat', portal: 'Patient portal', 'walk-in': 'Walk-in' };
export const channelLabel = (c: Channel | string) => CHANNEL[c as Channel] ?? c;

export function authorLabel(a: MessageAuthor, agentName?: string): string {
  if (a === 'customer') return 'Customer';
  if (a === 'note') return `Internal note${agentName ? ` · ${agentName}` : ''}`;
  return agentName || 'Agent';
}

const timeFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
export function shortTime(s: string | undefined): string {
  if (!s) return '';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) || d.getFullYear() < 2000 ? '' : timeFmt.format(d);
}
