import type { z } from 'zod';
import { ConflictError } from '../errors';
import { divergence } from '../opinion';
import type { reportSchema } from '../schemas';
import type { CaseRecord, ReportRecord, StoredCaseStatus } from './record';
import { isReportAwaited, REPORT_AWAITED } from './status';

export type ReportDelivery = z.output<typeof reportSchema>;

/** The report PDF as accepted into the records. */
export interface AcceptedReportFile {
  readonly upload: { readonly uploadId: string; readonly fileName: string };
  readonly recordsKey: string;
  readonly size: number;
  readonly sha256: string;
}

const NOT_AWAITED = 'A report can be delivered once receipt has been confirmed.';

/** Refused before the PDF is checked: no report is awaited (a repeat of the recorded one is not refused). */
export function checkReportAwaited(record: CaseRecord): void {
  if (!isReportAwaited(record.status)) throw new ConflictError('invalid_state', NOT_AWAITED);
}

/**
 * The hospital's written opinion arrives: the case records it (business time) and waits for
 * the summary; where the opinion departs from the staging on record or the home plan, the
 * divergence is flagged for the coordinator.
 */
export function decideReport(
  record: CaseRecord,
  delivery: ReportDelivery,
  file: AcceptedReportFile,
  now: Date,
): {
  readonly from: readonly StoredCaseStatus[];
  readonly to: StoredCaseStatus;
  readonly set: () => Pick<CaseRecord, 'report' | 'divergence'>;
  readonly output: () => Record<string, unknown>;
  readonly timeline: { readonly type: string; readonly detail: string };
  readonly conflictMessage: string;
} {
  const receivedAt = now.toISOString();
  const points = divergence(delivery.opinion, {
    ...(record.diagnosis?.stage ? { stage: record.diagnosis.stage } : {}),
    ...(record.treatmentHistory?.currentPlan ? { plan: record.treatmentHistory.currentPlan } : {}),
  });
  const report: ReportRecord = {
    uploadId: file.upload.uploadId,
    recordsKey: file.recordsKey,
    fileName: file.upload.fileName,
    size: file.size,
    sha256: file.sha256,
    outcome: delivery.opinion.outcome,
    specialist: delivery.specialist,
    receivedAt,
    language: delivery.language,
    opinion: delivery.opinion,
  };
  return {
    from: REPORT_AWAITED,
    to: 'awaiting-summary',
    set: () => ({ report, ...(points.length > 0 ? { divergence: { points, flaggedAt: receivedAt } } : {}) }),
    output: () => ({ outcome: delivery.opinion.outcome }),
    timeline: { type: 'report-received', detail: 'The hospital delivered its written opinion.' },
    conflictMessage: NOT_AWAITED,
  };
}
