import { BusinessCalendar, localDate } from './business-days';
import type { CaseRecord } from './case/record';

/**
 * A hospital's measured turnaround: for each report it delivered, the business days (in its own
 * calendar, as the deadline counts them) from the day complete records were confirmed received
 * to the day the report arrived, and whether it arrived by the deadline in force (extensions the
 * hospital asked for included: the date the patient was given).
 */
export interface TurnaroundEntry {
  readonly caseId: string;
  readonly hospitalId: string;
  /** The receipt day and the report day, in the hospital's time zone. */
  readonly receivedOn: string;
  readonly reportedOn: string;
  /** When the report arrived (business clock): the entries' order. */
  readonly reportedAt: string;
  readonly dueOn: string;
  readonly businessDays: number;
  readonly onTime: boolean;
  readonly expedited: boolean;
}

/** The measure over the last 90 days (calendar days, by the report's arrival). */
export const TURNAROUND_WINDOW_DAYS = 90;
/** How many recent reports the hospital-matching reason looks at. */
export const RECENT_REPORTS = 10;

export const turnaroundWindowStart = (now: Date): string =>
  new Date(now.getTime() - TURNAROUND_WINDOW_DAYS * 86_400_000).toISOString();

/** The entry a delivered report makes; none before there is a receipt, a report and a hospital. */
export function turnaroundEntry(record: CaseRecord): TurnaroundEntry | undefined {
  const { deadline, report, hospitalId } = record;
  if (!deadline || !report || !hospitalId) return undefined;
  const reportedOn = localDate(new Date(report.receivedAt), deadline.timeZone);
  return {
    caseId: record.caseId,
    hospitalId,
    receivedOn: deadline.receivedOn,
    reportedOn,
    reportedAt: report.receivedAt,
    dueOn: deadline.dueOn,
    businessDays: Math.max(
      0,
      new BusinessCalendar(deadline.calendar).businessDaysBetween(deadline.receivedOn, reportedOn),
    ),
    // The report is due by the end of its due day in the hospital's zone.
    onTime: reportedOn <= deadline.dueOn,
    expedited: record.expedited,
  };
}

/** The median, or undefined for no values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface TurnaroundSummary {
  readonly reports: number;
  readonly onTime: number;
  /** onTime / reports; null when there are no reports. */
  readonly onTimeShare: number | null;
  readonly medianBusinessDays: number | null;
}

export function summarizeTurnaround(entries: readonly TurnaroundEntry[]): TurnaroundSummary {
  const onTime = entries.filter((entry) => entry.onTime).length;
  return {
    reports: entries.length,
    onTime,
    onTimeShare: entries.length > 0 ? onTime / entries.length : null,
    medianBusinessDays: median(entries.map((entry) => entry.businessDays)) ?? null,
  };
}

/** The matching reason a delivery record gives, once the hospital delivered at least one opinion. */
export function deliveryReason(summary: TurnaroundSummary): string | undefined {
  if (summary.reports === 0 || summary.medianBusinessDays === null) return undefined;
  if (summary.reports === 1) {
    const days = summary.medianBusinessDays;
    return `Delivered its one opinion so far ${summary.onTime === 1 ? 'on time' : 'late'} (${days} business ${days === 1 ? 'day' : 'days'} from confirmed receipt to report).`;
  }
  return `Delivered ${summary.onTime} of its last ${summary.reports} opinions on time (median ${summary.medianBusinessDays} business days from confirmed receipt to report).`;
}
