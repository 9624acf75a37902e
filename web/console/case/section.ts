import type { CaseView } from '../api-types';
import type { Messages } from '../i18n';
import type { ViewContext } from '../view';

/** What every part of the case view gets from the page that holds it. */
export interface SectionContext {
  readonly ctx: ViewContext;
  readonly t: Messages;
  readonly caseId: string;
  /** Loads the case again now (after an action), and draws what changed. */
  reload(): Promise<void>;
  /** A hospital's name from the directory, or its id while the directory is not loaded. */
  hospitalName(hospitalId: string): string;
  /** Leaves the case (after it was erased). */
  leave(path: string): void;
}

/**
 * One part of the case view. The page loads the case every few seconds; a part is drawn again
 * only when its key changes, so what a coordinator is typing in one part is never wiped by news
 * in another (or by the same news twice).
 */
export interface CaseSection {
  /** The main column holds the work, in the order it is done; the side column the facts. */
  readonly column: 'main' | 'side';
  key(view: CaseView): string;
  /** The part's element, or null to show nothing. */
  draw(view: CaseView): HTMLElement | null;
}

export type SectionFactory = (context: SectionContext) => CaseSection;

/** Statuses in which records, gaps and the diagnosis may still change. */
export const isCollecting = (view: CaseView): boolean =>
  view.status === 'collecting' || view.status === 'ready';
