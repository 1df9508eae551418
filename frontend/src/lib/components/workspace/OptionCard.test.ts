import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import OptionCard from './OptionCard.svelte';
import type { assist } from 'wailsjs/go/models';

const option: assist.Option = {
  title: 'Refund the deposit',
  reply: 'The deposit is refunded in full. We add a free spa day.',
  steps: ['Raise form BR-4'],
  citations: [{ passageId: 'billing-refunds#1', articleId: 'billing-refunds', articleVersion: 3, quote: '' }],
  sentences: [
    { text: 'The deposit is refunded in full.', supported: true, passageIds: ['billing-refunds#1'] },
    { text: 'We add a free spa day.', supported: false, passageIds: [] },
  ],
  titleChecks: [],
  stepChecks: [],
  paragraphs: [],
  gaps: [],
  unanswered: [],
  label: '',
  purpose: '',
  flags: ['dropped-unknown-citation'],
  kind: 'llm',
};

function setup(extra: Partial<Record<string, unknown>> = {}) {
  const props = {
    option,
    index: 0,
    model: 'llama3',
    clarifyingQuestion: '',
    info: new Map([['billing-refunds#1', { title: 'Refunds', headings: ['Deposits'] }]]),
    inserted: false,
    discarded: undefined,
    oninsert: vi.fn(),
    ondiscard: vi.fn(async () => {}),
    oncite: vi.fn(),
    ...extra,
  };
  render(OptionCard, { props });
  return props;
}

describe('OptionCard', () => {
  it('shows kind, unverified sentences, readable flags and citation chips', async () => {
    const p = setup();
    expect(screen.getByText('Drafted by llama3')).toBeInTheDocument();
    const bad = screen.getByText(/We add a free spa day\./);
    expect(bad).toHaveClass('unverified');
    expect(bad).toHaveAttribute('title', 'Not supported by the cited passages');
    expect(screen.getByText(/A citation to an unknown passage was removed/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '[1] Refunds §Deposits v3' }));
    expect(p.oncite).toHaveBeenCalledWith(option.citations[0], '[1] Refunds §Deposits v3');
    await userEvent.click(screen.getByRole('button', { name: /^Insert/ }));
    expect(p.oninsert).toHaveBeenCalledOnce();
  });

  it('asks for a discard reason from the pick list', async () => {
    const p = setup();
    await userEvent.click(screen.getByRole('button', { name: /Discard/ }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Why discard/ }), 'tone');
    await userEvent.type(screen.getByRole('textbox', { name: /Comment/ }), 'too formal');
    await userEvent.click(screen.getByRole('button', { name: 'Discard option' }));
    expect(p.ondiscard).toHaveBeenCalledWith('tone', 'too formal');
  });

  it('shows what the option does and the placeholders to fill before sending', () => {
    const gapped = { ...option, label: 'next-step', purpose: 'Resolve with a follow-up date.', gaps: [{ placeholder: '[follow-up date]', hint: 'the date you will get back to the customer' }] };
    setup({ option: gapped });
    expect(screen.getByText('Next step and follow-up')).toBeInTheDocument();
    expect(screen.getByText(/Resolve with a follow-up date/)).toBeInTheDocument();
    const note = screen.getByTestId('gaps');
    expect(note).toHaveTextContent('Fill in before sending');
    expect(note).toHaveTextContent('[follow-up date]');
  });
});
