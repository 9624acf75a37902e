import type { z } from 'zod';
import { type Deadline, reportDeadline } from '../business-days';
import { ValidationError } from '../errors';
import { type Hospital, turnaroundFor } from '../hospital';
import { newId } from '../ids';
import type { receiptSchema } from '../schemas';
import type { CaseRecord, CustomGap, StoredCaseStatus } from './record';

export type ReceiptReport = z.output<typeof receiptSchema>;

export interface ReceiptContext {
  readonly hospital: Hospital;
  /** The hospital's actor id. */
  readonly by: string;
  /** The business clock of the request: gaps, the disc's arrival and the deadline all use it. */
  readonly now: Date;
}

/** How the receipt stage completes: what it writes, where the case goes, what the workflow hears. */
export interface ReceiptCompletion {
  readonly from: readonly StoredCaseStatus[];
  readonly to: StoredCaseStatus;
  readonly set: (current: CaseRecord) => Partial<Omit<CaseRecord, 'caseId' | 'version'>>;
  readonly remove?: readonly (keyof CaseRecord)[];
  readonly removeHospitalIndex?: boolean;
  readonly output: (next: CaseRecord) => Record<string, unknown>;
  readonly timeline: { readonly type: string; readonly detail: string };
  readonly conflictMessage: string;
}

export type ReceiptDecision =
  | { readonly complete: false; readonly gaps: readonly CustomGap[]; readonly completion: ReceiptCompletion }
  | { readonly complete: true; readonly deadline: Deadline; readonly completion: ReceiptCompletion };

/**
 * The hospital confirms it received complete records (the report clock starts in its own
 * calendar, on the request's business day), or reports what is missing in its own words (the
 * case goes back to collecting with a blocking gap for each, and no clock starts). A case whose
 * imaging came on a shipped disc needs the disc's arrival confirmed too.
 */
export function decideReceipt(
  record: CaseRecord,
  report: ReceiptReport,
  context: ReceiptContext,
): ReceiptDecision {
  const { hospital, by, now } = context;
  const at = now.toISOString();
  if (!report.complete) {
    const gaps: CustomGap[] = report.missing.map((entry) => ({
      gapId: `hospital:${newId('gap')}`,
      itemId: entry.itemId,
      severity: 'blocking',
      message: `${hospital.name} reports missing: “${entry.description}”`,
      by,
      at,
    }));
    return {
      complete: false,
      gaps,
      completion: {
        from: ['awaiting-receipt'],
        to: 'collecting',
        set: (current) => ({ customGaps: [...(current.customGaps ?? []), ...gaps] }),
        // A package delivered again is new to the hospital: its first open is recorded again.
        remove: [
          'deliveredAt',
          'relayFiles',
          'relaySeries',
          'hospitalOpenedAt',
          'packageFiles',
          'packageDigest',
        ],
        removeHospitalIndex: true,
        output: () => ({ complete: false }),
        timeline: {
          type: 'returned-incomplete',
          detail: `${hospital.name} reported the package incomplete (${gaps.length} item(s)).`,
        },
        conflictMessage: 'Receipt can be reported once the package has been delivered.',
      },
    };
  }

  const discPending = record.imagingShipment && !record.imagingShipment.receivedAt;
  if (discPending && report.discReceived !== true) {
    throw new ValidationError('The request body is not valid.', [
      {
        path: 'discReceived',
        message:
          'This case’s imaging came on a shipped disc: confirm it arrived (discReceived: true), or report it missing.',
      },
    ]);
  }
  // "Today" is the day the request's business time falls on in the hospital's zone.
  const deadline = reportDeadline(
    now,
    turnaroundFor(hospital, record.expedited),
    hospital.timeZone,
    hospital.calendar,
  );
  return {
    complete: true,
    deadline,
    completion: {
      from: ['awaiting-receipt'],
      to: 'under-review',
      set: (current) => ({
        deadline,
        ...(discPending && current.imagingShipment
          ? { imagingShipment: { ...current.imagingShipment, receivedAt: at } }
          : {}),
      }),
      output: (next) => ({ complete: true, deadline: next.deadline ?? null }),
      timeline: {
        type: 'receipt-confirmed',
        detail: `${hospital.name} confirmed it received the complete records.`,
      },
      conflictMessage: 'Receipt can be confirmed once the package has been delivered.',
    },
  };
}

/** A late "incomplete" after "complete" would be answered as if recorded and change nothing. */
export function contradictsConfirmedReceipt(record: CaseRecord): boolean {
  return record.callbacks.receipt?.output?.complete === true;
}
