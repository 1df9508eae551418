import { describe, expect, it } from 'vitest';
import { enhanceHtml } from './enhance';

describe('enhanceHtml', () => {
  it('names task-list checkboxes and takes them out of the tab order', () => {
    const el = document.createElement('div');
    el.innerHTML = '<ul><li><input type="checkbox" checked disabled> Call the patient</li><li><input type="checkbox" disabled> Refund</li></ul>';
    enhanceHtml(el);
    const [a, b] = el.querySelectorAll('input');
    expect(a.getAttribute('aria-label')).toBe('Done: Call the patient');
    expect(b.getAttribute('aria-label')).toBe('To do: Refund');
    expect(a.tabIndex).toBe(-1);
  });
});
