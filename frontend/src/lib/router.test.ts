import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, viewShortcut } from './router';
import { RouterStore } from './stores/router.svelte';

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('router', () => {
  it('parses and formats hashes', () => {
    expect(parseHash('')).toEqual({ view: 'search' });
    expect(parseHash('#/ledger')).toEqual({ view: 'ledger' });
    expect(parseHash('#/requests/req-0001abc')).toEqual({ view: 'requests', requestId: 'req-0001abc' });
    expect(parseHash('#/requests/%2F..%2Fx')).toEqual({ view: 'requests' });
    expect(parseHash('#/nope')).toEqual({ view: 'search' });
    expect(parseHash('#/requests/%E0%A4%A')).toEqual({ view: 'requests' });
    expect(formatHash({ view: 'requests', requestId: 'req-1' })).toBe('#/requests/req-1');
    expect(formatHash({ view: 'settings', requestId: 'ignored' })).toBe('#/settings');
    for (const h of ['#/search', '#/requests', '#/requests/req-9', '#/ledger', '#/settings', '#/followups']) expect(formatHash(parseHash(h))).toBe(h);
  });

  it('maps Ctrl/Cmd+1..4 to views', () => {
    expect(viewShortcut(key('1', { ctrlKey: true }))).toBe('search');
    expect(viewShortcut(key('2', { metaKey: true }))).toBe('requests');
    expect(viewShortcut(key('3', { ctrlKey: true }))).toBe('ledger');
    expect(viewShortcut(key('4', { ctrlKey: true }))).toBe('settings');
    expect(viewShortcut(key('5', { ctrlKey: true }))).toBe('knowledge');
    expect(viewShortcut(key('6', { ctrlKey: true }))).toBe('followups');
    expect(viewShortcut(key('7', { ctrlKey: true }))).toBeNull();
    expect(viewShortcut(key('2'))).toBeNull();
    expect(viewShortcut(key('2', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });

  it('keeps the route in location.hash and remembers the open request', () => {
    window.location.hash = '#/requests/req-7';
    const r = new RouterStore(window);
    expect(r.route).toEqual({ view: 'requests', requestId: 'req-7' });
    r.show('ledger');
    expect(window.location.hash).toBe('#/ledger');
    expect(r.view).toBe('ledger');
    r.show('requests');
    expect(r.route).toEqual({ view: 'requests', requestId: 'req-7' });
    r.openRequest('req-8');
    expect(window.location.hash).toBe('#/requests/req-8');
    window.location.hash = '';
  });
});
