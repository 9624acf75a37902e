/**
 * What every console view gets, and what it is. The router mounts one view at a time into the
 * page's main region; a view may return a function the router calls when it leaves the view
 * (stop timers, drop listeners).
 */

/** The API answered with an error (status, code, message, details): the patient page's, one class for both pages. */
export { ApiError } from '../patient/api';

/** The coordinator API, called with the signed-in coordinator's access token. */
export interface ConsoleApi {
  /** GET a path of the API (for example `/cases?status=overdue`); the parsed JSON body. */
  get<T>(path: string): Promise<T>;
  /** Any other method with an optional JSON body; the parsed JSON body (undefined when empty). */
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export interface ViewContext {
  api: ConsoleApi;
  lang: 'en' | 'zh-Hans';
  /** Go to another view without a reload, for example `/cases/<id>` or `/hospitals`. */
  navigate(path: string): void;
  /** Say something to screen-reader users (a polite live region). */
  announce(message: string): void;
}

// biome-ignore lint/suspicious/noConfusingVoidType: the agreed shape: a view returns nothing, or its clean-up
export type View = (root: HTMLElement, ctx: ViewContext) => void | (() => void);
