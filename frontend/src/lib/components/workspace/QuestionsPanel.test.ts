import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import QuestionsPanel from './QuestionsPanel.svelte';
import OptionCard from './OptionCard.svelte';
import type { assist } from 'wailsjs/go/models';

const base: assist.Suggestion = {
  options: [], provider: 'none', model: '', promptHash: '', passageIds: [], passages: [],
  clarifyingQuestion: '', notInKb: false, questions: [], possiblyRelated: [], repaired: false,
};

describe('QuestionsPanel', () => {
  it('lists every question with whether the knowledge base answers it, and offers possibly related articles for the rest', async () => {
    const onopen = vi.fn();
    render(QuestionsPanel, {
      suggestion: {
        ...base,
        questions: [
          { text: 'I was charged twice', answered: true, relevance: 0.8, passageIds: ['billing#1'], articleId: 'billing' },
          { text: 'Can you groom my poodle?', answered: false, relevance: 0.1, passageIds: [], articleId: '' },
        ],
        possiblyRelated: [{ articleId: 'pets', articleVersion: 2, title: 'Service animals', department: 'Facilities', relevance: 0.2 }],
      },
      onopen,
    });
    expect(screen.getByRole('heading', { name: /asks 2 things — 1 not in the knowledge base/ })).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('I was charged twice ✓ answered');
    expect(items[1]).toHaveTextContent('not in the knowledge base');
    await userEvent.click(screen.getByRole('button', { name: 'Service animals' }));
    expect(onopen).toHaveBeenCalledWith('pets', 2, 'Service animals');
    expect(screen.queryByTestId('not-in-kb')).toBeNull();
  });

  it('says plainly when the knowledge base does not answer, with the question to ask', () => {
    render(QuestionsPanel, {
      suggestion: {
        ...base,
        notInKb: true,
        clarifyingQuestion: 'Could you tell us which appointment this is about?',
        questions: [{ text: 'zxqv plorf', answered: false, relevance: 0, passageIds: [], articleId: '' }],
      },
      onopen: vi.fn(),
    });
    expect(screen.getByTestId('not-in-kb')).toHaveTextContent('does not answer this request');
    expect(screen.getByTestId('not-in-kb')).toHaveTextContent('Could you tell us which appointment');
    expect(screen.queryByTestId('possibly-related')).toBeNull();
  });

  it('shows nothing for one answered question', () => {
    const { container } = render(QuestionsPanel, {
      suggestion: { ...base, questions: [{ text: 'Refund?', answered: true, relevance: 0.9, passageIds: ['a#1'], articleId: 'a' }] },
      onopen: vi.fn(),
    });
    expect(container.textContent?.trim()).toBe('');
  });
});

describe('OptionCard coverage', () => {
  it('names the questions an option does not cover', () => {
    const option: assist.Option = {
      title: 'Refund', reply: 'We refund the second charge.', steps: [], citations: [], sentences: [], titleChecks: [], stepChecks: [],
      paragraphs: [], gaps: [], unanswered: [1], label: '', purpose: '', flags: [], kind: 'extractive',
    };
    render(OptionCard, {
      option, index: 0, model: '', clarifyingQuestion: '', questions: ['Charged twice', 'Lab result missing'],
      info: new Map(), inserted: false, discarded: undefined, oninsert: vi.fn(), ondiscard: vi.fn(async () => {}), oncite: vi.fn(),
    });
    expect(screen.getByTestId('uncovered')).toHaveTextContent('Does not cover: Lab result missing');
  });
});
