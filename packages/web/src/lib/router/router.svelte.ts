import { matchRoute, queryParam, type Route } from './routes.js';

/** A tiny history-API router: the current location as reactive state, plus `navigate`. */
export class Router {
	#pathname = $state('/');
	#search = $state('');
	#route = $derived<Route>(matchRoute(this.#pathname));
	#listeners: ((route: Route) => void)[] = [];

	constructor() {
		if (typeof window === 'undefined') return;
		this.#sync();
		window.addEventListener('popstate', () => this.#sync());
	}

	get pathname(): string {
		return this.#pathname;
	}
	/** Path plus query, as `sanitizeNext` expects it. */
	get path(): string {
		return `${this.#pathname}${this.#search}`;
	}
	get route(): Route {
		return this.#route;
	}

	query(name: string): string | null {
		return queryParam(this.#search, name);
	}

	/** Called after every location change (navigate, back/forward). */
	onChange(listener: (route: Route) => void): () => void {
		this.#listeners = [...this.#listeners, listener];
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}

	navigate(to: string, options: { replace?: boolean } = {}): void {
		if (options.replace) history.replaceState(null, '', to);
		else history.pushState(null, '', to);
		this.#sync();
	}

	/** `onclick` for same-origin `<a href>`s: navigate in place unless a modifier asks otherwise. */
	onLinkClick = (event: MouseEvent): void => {
		const anchor = event.currentTarget;
		if (!(anchor instanceof HTMLAnchorElement) || anchor.origin !== window.location.origin) return;
		if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
			return;
		}
		event.preventDefault();
		this.navigate(`${anchor.pathname}${anchor.search}${anchor.hash}`);
	};

	#sync(): void {
		this.#pathname = window.location.pathname;
		this.#search = window.location.search;
		const route = matchRoute(this.#pathname);
		for (const listener of this.#listeners) listener(route);
	}
}

export const router = new Router();
