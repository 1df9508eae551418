import { describe, expect, it } from 'vitest';
import { isBackShortcut, isFocusSearchShortcut, isPrimaryModifier, isTextInput, nextIndex } from './keyboard';

describe('nextIndex', () => {
  it('starts at the first item from nothing', () => {
    expect(nextIndex(-1, 5, 'ArrowDown')).toBe(0);
    expect(nextIndex(-1, 5, 'ArrowUp')).toBe(0);
  });
  it('moves and clamps at both ends', () => {
    expect(nextIndex(0, 3, 'ArrowDown')).toBe(1);
    expect(nextIndex(2, 3, 'ArrowDown')).toBe(2);
    expect(nextIndex(1, 3, 'ArrowUp')).toBe(0);
    expect(nextIndex(0, 3, 'ArrowUp')).toBe(0);
  });
  it('supports Home, End and paging', () => {
    expect(nextIndex(4, 10, 'Home')).toBe(0);
    expect(nextIndex(4, 10, 'End')).toBe(9);
    expect(nextIndex(4, 10, 'PageDown')).toBe(9);
    expect(nextIndex(8, 10, 'PageDown')).toBe(9);
    expect(nextIndex(3, 10, 'PageUp')).toBe(0);
  });
  it('recovers from an out-of-range index (results shrank)', () => {
    expect(nextIndex(7, 3, 'ArrowDown')).toBe(0);
  });
  it('ignores other keys and empty lists', () => {
    expect(nextIndex(0, 3, 'a')).toBeNull();
    expect(nextIndex(0, 3, 'Enter')).toBeNull();
    expect(nextIndex(-1, 0, 'ArrowDown')).toBeNull();
  });
});

describe('shortcuts', () => {
  const k = (key: string, mods: Partial<KeyboardEvent> = {}) =>
    ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods }) as KeyboardEvent;

  it('Ctrl+K and Cmd+K focus search', () => {
    expect(isFocusSearchShortcut(k('k', { ctrlKey: true }))).toBe(true);
    expect(isFocusSearchShortcut(k('K', { metaKey: true }))).toBe(true);
    expect(isFocusSearchShortcut(k('k'))).toBe(false);
    expect(isFocusSearchShortcut(k('k', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
  it('Alt+Left goes back', () => {
    expect(isBackShortcut(k('ArrowLeft', { altKey: true }))).toBe(true);
    expect(isBackShortcut(k('ArrowLeft'))).toBe(false);
    expect(isBackShortcut(k('ArrowLeft', { altKey: true, ctrlKey: true }))).toBe(false);
  });
  it('primary modifier depends on platform', () => {
    expect(isPrimaryModifier(k('k', { metaKey: true }), true)).toBe(true);
    expect(isPrimaryModifier(k('k', { metaKey: true }), false)).toBe(false);
    expect(isPrimaryModifier(k('k', { ctrlKey: true }), false)).toBe(true);
  });
  it('detects text inputs', () => {
    expect(isTextInput(document.createElement('input'))).toBe(true);
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    expect(isTextInput(cb)).toBe(false);
    expect(isTextInput(document.createElement('textarea'))).toBe(true);
    expect(isTextInput(document.createElement('div'))).toBe(false);
    expect(isTextInput(null)).toBe(false);
  });
});
