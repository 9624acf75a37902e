import type { StoredCaseStatus } from './record';

/** The statuses in which the hospital's report is awaited (on time or late). */
export const REPORT_AWAITED: readonly StoredCaseStatus[] = ['under-review', 'overdue'];

export const isReportAwaited = (status: StoredCaseStatus): boolean => REPORT_AWAITED.includes(status);
