// Click interception for rendered article HTML. The webview must never
// navigate: article links open in the pane, external links go to the OS
// browser through SystemService.OpenExternal, in-page anchors scroll.

export type LinkAction =
  | { kind: 'article'; id: string }
  | { kind: 'external'; url: string }
  | { kind: 'anchor'; id: string }
  | { kind: 'blocked'; href: string }
  | { kind: 'none' };

export interface LinkHandlers {
  openArticle(id: string): void;
  openExternal(url: string): void;
  scrollToAnchor?(id: string): void;
}

const EXTERNAL_SCHEMES = /^(https?:|mailto:)/i;

/** Decides what a click on (or inside) an element should do. */
export function classifyLink(target: EventTarget | null): LinkAction {
  const el = target instanceof Element ? target : target instanceof Node ? target.parentElement : null;
  const a = el?.closest('a');
  if (!a) return { kind: 'none' };
  const href = a.getAttribute('href') ?? '';
  const article = a.getAttribute('data-article');
  if (article) return { kind: 'article', id: article };
  const articleHash = /^#\/article\/(.+)$/.exec(href);
  if (articleHash) return { kind: 'article', id: decodeURIComponent(articleHash[1]) };
  if (a.hasAttribute('data-external') || EXTERNAL_SCHEMES.test(href)) {
    // Prefer the resolved href so relative oddities cannot slip through.
    return EXTERNAL_SCHEMES.test(href) ? { kind: 'external', url: href } : { kind: 'blocked', href };
  }
  if (href.startsWith('#') && href.length > 1) return { kind: 'anchor', id: decodeURIComponent(href.slice(1)) };
  return { kind: 'blocked', href };
}

/**
 * Handles a click (or auxclick) inside article content. Every link click is
 * prevented; the returned action says what happened instead.
 */
export function interceptLinkClick(e: MouseEvent, h: LinkHandlers): LinkAction {
  const action = classifyLink(e.target);
  if (action.kind === 'none') return action;
  e.preventDefault();
  // Middle clicks and modified clicks must not open a second webview window.
  switch (action.kind) {
    case 'article':
      h.openArticle(action.id);
      break;
    case 'external':
      h.openExternal(action.url);
      break;
    case 'anchor':
      h.scrollToAnchor?.(action.id);
      break;
  }
  return action;
}
