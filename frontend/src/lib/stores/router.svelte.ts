// The current view, kept in location.hash so reloads and Back keep it.
import { formatHash, parseHash, type Route, type View } from '../router';

export class RouterStore {
  route = $state<Route>({ view: 'search' });
  readonly view = $derived(this.route.view);
  #win: Window | null;
  #lastRequest: string | undefined;

  constructor(win: Window | null = typeof window === 'undefined' ? null : window) {
    this.#win = win;
    if (win) {
      this.#set(parseHash(win.location.hash));
      win.addEventListener('hashchange', () => this.#set(parseHash(win.location.hash)));
    }
  }

  #set(route: Route) {
    this.route = route;
    if (route.view === 'requests') this.#lastRequest = route.requestId;
  }

  go(route: Route): void {
    this.#set(route);
    const h = formatHash(route);
    if (this.#win && this.#win.location.hash !== h) this.#win.location.hash = h;
  }

  show(view: View): void {
    if (view === this.route.view) return;
    // Coming back to Requests reopens the request that was open.
    this.go(view === 'requests' ? { view, requestId: this.#lastRequest } : { view });
  }

  openRequest(id: string | undefined): void {
    this.go({ view: 'requests', requestId: id });
  }
}

export const router = new RouterStore();
