// Pure keyboard-navigation logic for the result list, kept free of the DOM so
// it can be unit-tested.

export type NavKey = 'ArrowDown' | 'ArrowUp' | 'Home' | 'End' | 'PageDown' | 'PageUp';

const PAGE = 5;

/**
 * Returns the next active index for a key press in a list of `count` items,
 * or null when the key does not move the selection. -1 means "nothing
 * active". The selection is clamped at both ends rather than wrapping, so
 * holding ArrowDown stops at the last result.
 */
export function nextIndex(current: number, count: number, key: string): number | null {
  if (count <= 0) return null;
  const cur = current < 0 || current >= count ? -1 : current;
  switch (key) {
    case 'ArrowDown':
      return cur < 0 ? 0 : Math.min(cur + 1, count - 1);
    case 'ArrowUp':
      return cur < 0 ? 0 : Math.max(cur - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return cur < 0 ? 0 : Math.min(cur + PAGE, count - 1);
    case 'PageUp':
      return cur < 0 ? 0 : Math.max(cur - PAGE, 0);
    default:
      return null;
  }
}

/** The platform's primary modifier: Cmd on macOS, Ctrl elsewhere. */
export function isPrimaryModifier(e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey'>, mac = isMac()): boolean {
  return mac ? e.metaKey : e.ctrlKey;
}

export function isMac(): boolean {
  if (typeof navigator === 'undefined') return false;
  const p = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad/i.test(p);
}

/** Ctrl+K / Cmd+K (either modifier is accepted so docs and habits both work). */
export function isFocusSearchShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}

/** Alt+Left: back in the article history. */
export function isBackShortcut(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): boolean {
  return e.altKey && !e.ctrlKey && !e.metaKey && e.key === 'ArrowLeft';
}

/** True when the event target is a text field where typing keys matter. */
export function isTextInput(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  }
  return false;
}
