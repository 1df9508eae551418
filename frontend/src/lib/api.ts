// Typed wrappers around the Wails bindings (window.go.app.*) and runtime
// events (window.runtime.*). Nothing here depends on Wails-generated code, so
// the same bundle runs inside Wails, under the test harness shim and against
// the dev mock.
import type {
  ArticleHit,
  ArticleView,
  EventMap,
  EventName,
  FacetCount,
  GoApp,
  IndexState,
  PassageHit,
  SearchRequest,
  SearchResponse,
} from './types';

/** An error whose message can be shown to a user as-is. */
export class BackendError extends Error {
  override name = 'BackendError';
}

/** Turns whatever a rejected binding produced into a readable message. */
export function errorMessage(err: unknown): string {
  if (typeof err === 'string') return err || 'Unknown error';
  if (err instanceof Error) return err.message || err.name;
  if (err && typeof err === 'object' && 'message' in err && typeof (err as { message: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return 'Unknown error';
}

type Service = keyof GoApp;

export async function call<S extends Service, M extends keyof GoApp[S]>(
  service: S,
  method: M,
  ...args: NonNullable<GoApp[S][M]> extends (...a: infer A) => unknown ? A : never
): Promise<NonNullable<GoApp[S][M]> extends (...a: never[]) => Promise<infer R> ? R : never> {
  const svc = window.go?.app?.[service] as Record<string, unknown> | undefined;
  const fn = svc?.[method as string];
  if (typeof fn !== 'function') {
    throw new BackendError(`The app backend is not available (${service}.${String(method)}).`);
  }
  try {
    return await (fn as (...a: unknown[]) => Promise<never>).apply(svc, args);
  } catch (err) {
    throw new BackendError(errorMessage(err));
  }
}

export const arr = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);

function normPassage(p: PassageHit): PassageHit {
  return { ...p, headings: arr(p.headings), snippet: p.snippet ?? '', text: p.text ?? '' };
}

export function normHit(h: ArticleHit): ArticleHit {
  return { ...h, tags: arr(h.tags), passages: arr(h.passages).map(normPassage) };
}

export function normalizeResponse(r: SearchResponse): SearchResponse {
  const facets = r?.facets ?? { departments: [], tags: [], languages: [] };
  return {
    query: r?.query ?? '',
    mode: r?.mode ?? 'hybrid',
    total: r?.total ?? 0,
    tookMs: r?.tookMs ?? 0,
    results: arr(r?.results).map(normHit),
    facets: {
      departments: arr(facets.departments),
      tags: arr(facets.tags),
      languages: arr(facets.languages),
    },
  };
}

export function normalizeArticle(a: ArticleView): ArticleView {
  return { ...a, tags: arr(a.tags), headings: arr(a.headings), html: a.html ?? '' };
}

export const api = {
  async search(req: SearchRequest): Promise<SearchResponse> {
    return normalizeResponse(await call('SearchService', 'Search', req));
  },
  async article(id: string): Promise<ArticleView> {
    return normalizeArticle(await call('ArticleService', 'Get', id));
  },
  async departments(): Promise<FacetCount[]> {
    return arr(await call('ArticleService', 'Departments'));
  },
  state(): Promise<IndexState> {
    return call('StatusService', 'State');
  },
  openExternal(url: string): Promise<void> {
    return call('SystemService', 'OpenExternal', url);
  },
};

export type Api = typeof api;

/**
 * Subscribes to a backend event. Returns an unsubscribe function. Uses the
 * Wails runtime's EventsOnMultiple(name, cb, -1) (what EventsOn does inside
 * Wails), falling back to EventsOn for shims that only provide that.
 */
export function on<N extends EventName>(name: N, cb: (data: EventMap[N]) => void): () => void {
  const rt = window.runtime;
  const handler = (...data: unknown[]) => cb(data[0] as EventMap[N]);
  let off: (() => void) | void = undefined;
  if (typeof rt?.EventsOnMultiple === 'function') off = rt.EventsOnMultiple(name, handler, -1);
  else if (typeof rt?.EventsOn === 'function') off = rt.EventsOn(name, handler);
  else return () => {};
  return typeof off === 'function' ? off : () => {};
}
