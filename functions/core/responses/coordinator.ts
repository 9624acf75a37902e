import * as z from 'zod/mini';
import { cancerTypes, caseStatuses } from '../vocabulary';

/**
 * What the coordinator console's routes answer, as far as the console reads it. The routes check
 * their bodies against these before they leave (a check, not a rewrite), and the console takes
 * its types from them with type-only imports, so no server code enters its bundle. Written with
 * zod's mini build, as the patient and relay responses are: the same checks at a few
 * milliseconds of a read handler's cold start instead of a fifth of it (npm run bench).
 */

const count = z.int().check(z.nonnegative());
const positive = z.int().check(z.positive());

/** One row of `GET /cases`: ids, status, dates and counts; no patient details. */
export const caseListEntry = z.object({
  caseId: z.string(),
  /** The status the case view shows (`ready` derived from `collecting`). */
  status: z.enum(caseStatuses),
  cancerType: z.enum(cancerTypes),
  expedited: z.boolean(),
  /** The hospital the case was submitted to, once it was. */
  hospitalId: z.optional(z.string()),
  hospitalName: z.optional(z.string()),
  /** Once receipt was confirmed: the due day (YYYY-MM-DD, the hospital's calendar). */
  expectedReportDate: z.optional(z.string()),
  /** Business days from today (hospital's zone) to the due day; negative once overdue; 0 once the report is in. */
  businessDaysLeft: z.optional(z.int()),
  blockingGaps: count,
  createdAt: z.string(),
});

export const casesListResponse = z.object({
  cases: z.array(caseListEntry),
  /** Present when there is a next page: pass it back as `cursor` with the same `status`. */
  nextCursor: z.optional(z.string()),
});

const share = z.nullable(z.number().check(z.gte(0), z.lte(1)));

export const dashboardResponse = z.object({
  generatedAt: z.string(),
  openCases: count,
  /** Every open status, zeros included, in the workflow's order. */
  casesByStage: z.array(z.object({ status: z.enum(caseStatuses), count })),
  /** Most overdue first. */
  overdue: z.array(
    z.object({
      caseId: z.string(),
      hospitalId: z.optional(z.string()),
      hospitalName: z.optional(z.string()),
      dueOn: z.string(),
      businessDaysOverdue: count,
    }),
  ),
  turnaround: z.object({
    windowDays: positive,
    /** Reports that arrived at or after this instant count. */
    since: z.string(),
    hospitals: z.array(
      z.object({
        hospitalId: z.string(),
        hospitalName: z.string(),
        promisedBusinessDays: positive,
        expeditedBusinessDays: z.optional(positive),
        reports: count,
        onTime: count,
        onTimeShare: share,
        /** Median business days from confirmed receipt to report; null with no reports. */
        medianBusinessDays: z.nullable(z.number().check(z.nonnegative())),
      }),
    ),
  }),
});

export const hospitalMatchesResponse = z.object({
  matches: z.array(
    z.object({
      hospitalId: z.string(),
      rank: positive,
      reasons: z.array(z.string()),
      /** Its last 10 reports at most; absent until it delivered one. */
      deliveryRecord: z.optional(
        z.object({
          reports: positive,
          onTime: count,
          onTimeShare: share,
          medianBusinessDays: z.nullable(z.number().check(z.nonnegative())),
        }),
      ),
    }),
  ),
});

export type CaseListEntry = z.output<typeof caseListEntry>;
export type CasesListResponse = z.output<typeof casesListResponse>;
export type DashboardResponse = z.output<typeof dashboardResponse>;
export type HospitalMatchesResponse = z.output<typeof hospitalMatchesResponse>;
