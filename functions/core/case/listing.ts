import { businessDaysLeft } from '../business-days';
import { type CaseStatus, caseStatuses } from '../vocabulary';
import { computeGaps, effectiveStatus } from './readiness';
import type { CaseRecord, DocumentRecord } from './record';

/**
 * The coordinator's case list: where a case stands in it (written on the case item as index
 * attributes by the case store) and its rows. The query and the cursor are in list-query.ts
 * (zod stays out of the case store's bundles).
 */

export const closedStatuses = ['completed', 'cancelled'] as const satisfies readonly CaseStatus[];
export const isClosedStatus = (status: CaseStatus): boolean =>
  (closedStatuses as readonly CaseStatus[]).includes(status);
/** Every status a case can be listed under while it is open, in the workflow's order. */
export const openStatuses: readonly CaseStatus[] = caseStatuses.filter((status) => !isClosedStatus(status));

/** The order of the open list: what needs a coordinator most comes first. */
const TIER = { overdue: '0', blocking: '1', other: '2' } as const;
/** Sorts after every date, so cases with a deadline come before those without one. */
const NO_DEADLINE = '~';

/** Where a case is listed. Absent once erasure began: the case is leaving. */
export interface Listing {
  /** The status the case view shows (`ready` derived from `collecting`). */
  readonly status: CaseStatus;
  readonly blockingGaps: number;
  /**
   * Open cases: `<tier>#<due day or ~>#<createdAt>#<caseId>`, so overdue come first, then those
   * with blocking gaps, then by deadline and creation. Closed: `<createdAt>#<caseId>` (read newest
   * first). Ids and dates only.
   */
  readonly sortKey: string;
}

/** Whether the listing needs the case's documents (readiness and gaps depend on them). */
export const listingNeedsDocuments = (record: CaseRecord): boolean =>
  !record.erasure && !isClosedStatus(record.status);

export function listingOf(record: CaseRecord, documents: readonly DocumentRecord[]): Listing | undefined {
  if (record.erasure) return undefined;
  const status = effectiveStatus(record, documents);
  // A closed case has nothing left to collect: its gaps no longer matter to anyone.
  if (isClosedStatus(status)) {
    return { status, blockingGaps: 0, sortKey: `${record.createdAt}#${record.caseId}` };
  }
  const blockingGaps = computeGaps(record, documents).filter((gap) => gap.severity === 'blocking').length;
  const tier = status === 'overdue' ? TIER.overdue : blockingGaps > 0 ? TIER.blocking : TIER.other;
  const due = record.deadline?.dueOn ?? NO_DEADLINE;
  return { status, blockingGaps, sortKey: `${tier}#${due}#${record.createdAt}#${record.caseId}` };
}

const OPEN_SORT_KEY = /^[012]#(\d{4}-\d{2}-\d{2}|~)#[^#]+#([^#]+)$/;
const CLOSED_SORT_KEY = /^[^#]+#([^#]+)$/;

/** The case a sort key of the open (or a closed) list names; undefined when it is no such key. */
export const caseIdOfSortKey = (sortKey: string, closed: boolean): string | undefined =>
  (closed ? CLOSED_SORT_KEY : OPEN_SORT_KEY).exec(sortKey)?.at(-1);

/** A place in the list: the last case a page showed. */
export interface ListPosition {
  readonly caseId: string;
  readonly sortKey: string;
}

/** One row of the list: ids, status, dates and counts; no patient details. */
export function caseListRow(
  record: CaseRecord,
  listing: Pick<Listing, 'status' | 'blockingGaps'>,
  hospitalName: string | undefined,
  now: Date,
) {
  return {
    caseId: record.caseId,
    status: listing.status,
    cancerType: record.cancerType,
    expedited: record.expedited,
    ...(record.hospitalId ? { hospitalId: record.hospitalId } : {}),
    ...(record.hospitalId && hospitalName ? { hospitalName } : {}),
    ...(record.deadline
      ? {
          expectedReportDate: record.deadline.dueOn,
          // As the case view counts it: nothing is left once the report is in.
          businessDaysLeft: record.report ? 0 : businessDaysLeft(record.deadline, now),
        }
      : {}),
    blockingGaps: listing.blockingGaps,
    createdAt: record.createdAt,
  };
}
