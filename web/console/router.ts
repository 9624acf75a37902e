import type { View } from './view';

/**
 * Views by address, in the URL's fragment (`/console#/cases/<id>`): the console is one page,
 * every view is reached without a reload, the back button and bookmarks work, and the API
 * Gateway route (`/console` and its assets) needs to know nothing of the views.
 */
export interface RouteMatch {
  readonly view: View;
  /** The path as matched, query included (`/cases?status=overdue`). */
  readonly path: string;
}

export type RouteTable = readonly {
  readonly pattern: RegExp;
  /** The view for a match; its groups are the path's parameters. */
  readonly view: (...params: string[]) => View;
}[];

export const DEFAULT_PATH = '/cases';

/** The current path: the fragment after `#`, or the default. */
export function currentPath(defaultPath: string = DEFAULT_PATH): string {
  const hash = window.location.hash;
  return hash.startsWith('#/') ? hash.slice(1) : defaultPath;
}

export class Router {
  private leave: (() => void) | undefined;
  private mounted: string | undefined;

  constructor(
    private readonly routes: RouteTable,
    private readonly notFound: View,
    private readonly mount: (match: RouteMatch, moved: boolean) => (() => void) | undefined,
    /** The view of an address without a path (the portal's is its inbox). */
    private readonly defaultPath: string = DEFAULT_PATH,
  ) {}

  start(): void {
    window.addEventListener('hashchange', () => {
      // In-page anchors (the skip link) are not views.
      if (window.location.hash.startsWith('#/')) this.show(true);
    });
    this.show(false);
  }

  navigate(path: string): void {
    if (`#${path}` === window.location.hash) this.show(true);
    else window.location.hash = path;
  }

  /** Mounts the current path's view again (after a language change). */
  remount(): void {
    this.show(false, true);
  }

  private show(moved: boolean, force = false): void {
    const path = currentPath(this.defaultPath);
    if (path === this.mounted && !force && !moved) return;
    // A view's clean-up that fails must not keep the next view from showing.
    try {
      this.leave?.();
    } catch (error) {
      console.error('a view failed to clean up', error);
    }
    this.mounted = path;
    const [route] = path.split('?');
    for (const { pattern, view } of this.routes) {
      const found = pattern.exec(route ?? '');
      if (found) {
        this.leave = this.mount({ view: view(...found.slice(1).map(decodeURIComponent)), path }, moved);
        return;
      }
    }
    this.leave = this.mount({ view: this.notFound, path }, moved);
  }
}

/** The query of the current path (`/cases?status=overdue` → status=overdue). */
export const pathQuery = (): URLSearchParams => new URLSearchParams(currentPath().split('?')[1] ?? '');
