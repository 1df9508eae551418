import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import Timeline from './Timeline.svelte';
import { event } from '../../../stores/fakeLifecycleApi';
import { chronological } from '../../../followups';

describe('Timeline', () => {
  it('lists every kind of event in order with a label a screen reader reads', () => {
    const events = chronological([
      event({ seq: 3, kind: 'note', at: '2026-11-30T11:00:00Z', text: 'Billing says Friday' }),
      event({ seq: 0, kind: 'message', actor: 'customer', at: '2026-11-30T09:00:00Z', text: 'I was charged twice' }),
      event({ seq: 2, kind: 'status', at: '2026-11-30T10:00:00Z', from: 'new', to: 'in-progress' }),
      event({ seq: 4, kind: 'article-cited', at: '2026-11-30T12:00:00Z', articleId: 'billing-refunds', articleVersion: 3, department: 'Billing' }),
      event({ seq: 5, kind: 'handed-over', at: '2026-12-01T09:00:00Z', from: 'Ana', to: 'Ben', text: 'Call her Friday' }),
    ]);
    render(Timeline, { props: { events } });
    const list = screen.getByRole('list', { name: 'Timeline' });
    const items = within(list).getAllByRole('listitem').filter((li) => li.dataset.kind);
    expect(items.map((li) => li.dataset.kind)).toEqual(['message', 'status', 'note', 'article-cited', 'handed-over']);
    expect(items[0]).toHaveTextContent('Customer message: Customer wrote');
    expect(items[0]).toHaveTextContent('I was charged twice');
    expect(items[1]).toHaveTextContent('New → In progress · Ana');
    expect(items[3]).toHaveTextContent('Cited billing-refunds v3 (Billing)');
    expect(items[4]).toHaveTextContent('Handed over by Ana to Ben');
    expect(items[4]).toHaveTextContent('Call her Friday');
    expect(within(list).getAllByRole('heading', { level: 4 })).toHaveLength(2); // two days
  });

  it('says when nothing happened yet', () => {
    render(Timeline, { props: { events: [] } });
    expect(screen.getByText('Nothing has happened yet.')).toBeInTheDocument();
  });
});
