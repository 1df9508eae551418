// Accessibility touches on server-rendered article HTML shown in the editor
// (preview, compare): task-list checkboxes get a name and leave the tab
// order; code blocks wider than the pane become keyboard-scrollable.
export function enhanceHtml(root: HTMLElement): void {
  for (const cb of root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
    if (!cb.hasAttribute('aria-label')) {
      const text = cb.parentElement?.textContent?.trim() ?? '';
      cb.setAttribute('aria-label', `${cb.checked ? 'Done' : 'To do'}: ${text}`.slice(0, 200));
    }
    cb.tabIndex = -1;
  }
  for (const pre of root.querySelectorAll<HTMLElement>('pre')) {
    if (pre.scrollWidth > pre.clientWidth) pre.tabIndex = 0;
  }
}

/** Svelte action: re-applies enhanceHtml whenever `html` changes. */
export function enhanced(node: HTMLElement, html: string | undefined) {
  const run = () => queueMicrotask(() => enhanceHtml(node));
  run();
  return {
    update(_next: string | undefined) {
      run();
    },
  };
}
