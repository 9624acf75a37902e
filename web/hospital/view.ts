import type { ConsoleApi } from '../console/view';
import type { Lang } from './i18n';

/** The relay routes, called with the signed-in staff member's access token (the console's client). */
export type PortalApi = ConsoleApi;

/** What every portal view gets. */
export interface PortalContext {
  readonly api: PortalApi;
  readonly lang: Lang;
  /** Another view without a reload (`/cases/<id>`). */
  navigate(path: string): void;
  /** Say something to screen-reader users (a polite live region). */
  announce(message: string): void;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a view returns nothing, or its clean-up
export type PortalView = (root: HTMLElement, ctx: PortalContext) => void | (() => void);
