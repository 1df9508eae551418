import { describe, expect, it, vi } from 'vitest';
import { classifyLink, interceptLinkClick } from './links';

function setup(html: string) {
  const root = document.createElement('div');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  const handlers = { openArticle: vi.fn(), openExternal: vi.fn(), scrollToAnchor: vi.fn() };
  const actions: ReturnType<typeof interceptLinkClick>[] = [];
  root.addEventListener('click', (e) => actions.push(interceptLinkClick(e, handlers)));
  const click = (sel: string) => {
    const ev = new MouseEvent('click', { bubbles: true, cancelable: true });
    root.querySelector(sel)!.dispatchEvent(ev);
    return ev;
  };
  return { root, handlers, actions, click };
}

describe('article link interception', () => {
  it('opens data-article links in the pane and prevents navigation', () => {
    const { handlers, click } = setup('<p><a id="a" href="#/article/billing-refunds" data-article="billing-refunds"><em>Refunds</em></a></p>');
    const ev = click('#a em'); // click lands on a child of the link
    expect(ev.defaultPrevented).toBe(true);
    expect(handlers.openArticle).toHaveBeenCalledWith('billing-refunds');
    expect(handlers.openExternal).not.toHaveBeenCalled();
  });

  it('sends data-external links to OpenExternal and prevents navigation', () => {
    const { handlers, click } = setup('<a id="x" href="https://example.org/policy?a=1" data-external="true">policy</a>');
    const ev = click('#x');
    expect(ev.defaultPrevented).toBe(true);
    expect(handlers.openExternal).toHaveBeenCalledWith('https://example.org/policy?a=1');
    expect(handlers.openArticle).not.toHaveBeenCalled();
  });

  it('treats mailto as external', () => {
    const { handlers, click } = setup('<a id="m" href="mailto:help@example.org" data-external="true">mail</a>');
    click('#m');
    expect(handlers.openExternal).toHaveBeenCalledWith('mailto:help@example.org');
  });

  it('never lets a data-external javascript: URL through', () => {
    const { handlers, click, actions } = setup('<a id="j" href="javascript:alert(1)" data-external="true">x</a>');
    const ev = click('#j');
    expect(ev.defaultPrevented).toBe(true);
    expect(handlers.openExternal).not.toHaveBeenCalled();
    expect(actions[0]).toEqual({ kind: 'blocked', href: 'javascript:alert(1)' });
  });

  it('scrolls in-page anchors (footnotes) without navigating', () => {
    const { handlers, click } = setup('<sup><a id="f" href="#fn:1">1</a></sup>');
    const ev = click('#f');
    expect(ev.defaultPrevented).toBe(true);
    expect(handlers.scrollToAnchor).toHaveBeenCalledWith('fn:1');
  });

  it('blocks other links (relative paths) entirely', () => {
    const { handlers, click, actions } = setup('<a id="r" href="../other.md">other</a>');
    const ev = click('#r');
    expect(ev.defaultPrevented).toBe(true);
    expect(actions[0].kind).toBe('blocked');
    expect(handlers.openArticle).not.toHaveBeenCalled();
    expect(handlers.openExternal).not.toHaveBeenCalled();
  });

  it('ignores clicks outside links', () => {
    const { click, actions } = setup('<p id="p">text</p>');
    const ev = click('#p');
    expect(ev.defaultPrevented).toBe(false);
    expect(actions[0]).toEqual({ kind: 'none' });
  });

  it('recognises #/article/ hrefs even without data-article', () => {
    const a = document.createElement('a');
    a.setAttribute('href', '#/article/lab%20results');
    expect(classifyLink(a)).toEqual({ kind: 'article', id: 'lab results' });
  });
});
