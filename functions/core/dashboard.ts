import { businessDaysLeft, type Deadline } from './business-days';
import { openStatuses } from './case/listing';
import type { Hospital } from './hospital';
import {
  summarizeTurnaround,
  TURNAROUND_WINDOW_DAYS,
  type TurnaroundEntry,
  turnaroundWindowStart,
} from './turnaround';
import type { CaseStatus } from './vocabulary';

/** What the coordinator console's charts draw, computed from the open-case index and the turnaround entries. */

/** An open case as the index lists it: ids, status and deadline only. */
export interface OpenCaseSummary {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly hospitalId?: string;
  readonly deadline?: Deadline;
}

/** Every open status with its count, zeros included, in the workflow's order (stable chart axes). */
export function casesByStage(open: readonly OpenCaseSummary[]): { status: CaseStatus; count: number }[] {
  return openStatuses.map((status) => ({
    status,
    count: open.filter((summary) => summary.status === status).length,
  }));
}

/** Overdue cases, most overdue first: business days past the due day (0 on the evening it passed). */
export function overdueCases(
  open: readonly OpenCaseSummary[],
  names: ReadonlyMap<string, string>,
  now: Date,
) {
  return open
    .filter((summary) => summary.status === 'overdue' && summary.deadline)
    .map((summary) => {
      const deadline = summary.deadline as Deadline;
      const name = summary.hospitalId ? names.get(summary.hospitalId) : undefined;
      return {
        caseId: summary.caseId,
        ...(summary.hospitalId ? { hospitalId: summary.hospitalId } : {}),
        ...(name ? { hospitalName: name } : {}),
        dueOn: deadline.dueOn,
        businessDaysOverdue: Math.max(0, -businessDaysLeft(deadline, now)),
      };
    })
    .sort((a, b) => b.businessDaysOverdue - a.businessDaysOverdue || a.dueOn.localeCompare(b.dueOn));
}

/** Each hospital's promise beside what it measured over the window. */
export function hospitalTurnaround(hospital: Hospital, entries: readonly TurnaroundEntry[]) {
  return {
    hospitalId: hospital.hospitalId,
    hospitalName: hospital.name,
    promisedBusinessDays: hospital.turnaroundBusinessDays,
    ...(hospital.expedited ? { expeditedBusinessDays: hospital.expedited.businessDays } : {}),
    ...summarizeTurnaround(entries),
  };
}

export function dashboard(input: {
  readonly open: readonly OpenCaseSummary[];
  readonly hospitals: readonly Hospital[];
  /** The turnaround entries of the window, by hospital id. */
  readonly reports: ReadonlyMap<string, readonly TurnaroundEntry[]>;
  readonly now: Date;
}) {
  const names = new Map(input.hospitals.map((hospital) => [hospital.hospitalId, hospital.name]));
  return {
    generatedAt: input.now.toISOString(),
    openCases: input.open.length,
    casesByStage: casesByStage(input.open),
    overdue: overdueCases(input.open, names, input.now),
    turnaround: {
      windowDays: TURNAROUND_WINDOW_DAYS,
      since: turnaroundWindowStart(input.now),
      hospitals: input.hospitals.map((hospital) =>
        hospitalTurnaround(hospital, input.reports.get(hospital.hospitalId) ?? []),
      ),
    },
  };
}
