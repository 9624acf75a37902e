import type { coordinatorView } from '../../functions/core/case/views';
import type { CasesListResponse, HospitalMatchesResponse } from '../../functions/core/responses/coordinator';
import type { CreateCaseRequest } from '../../functions/core/schemas';

/**
 * The API's answers as the console reads them, taken from the server's own code with type-only
 * imports (erased from the bundle): a field renamed there fails the console's type check.
 */

/** GET /cases/{caseId}. */
export type CaseView = ReturnType<typeof coordinatorView>;
export type GapView = CaseView['gaps'][number];

/** GET /cases: one page of the list, and where the next begins. */
export type CaseListPage = CasesListResponse;

/** GET /cases/{caseId}/hospital-matches. */
export type HospitalMatches = HospitalMatchesResponse;

/** POST /cases. */
export type CreateCaseBody = CreateCaseRequest;
export interface CreatedCase {
  readonly caseId: string;
  readonly status: string;
  readonly patientLink: string;
}

/** GET /hospitals (the directory's listing; only what the console shows). */
export interface HospitalsList {
  readonly hospitals: readonly {
    readonly hospitalId: string;
    readonly name: string;
    readonly city: string;
    readonly cancerTypes?: readonly string[];
    /** The fee schedule, when the hospital charges through this service (minor units). */
    readonly fees?: { readonly currency: string; readonly review: number };
  }[];
}

/** One document of a checklist item, as the case view lists it. */
export type DocumentView = CaseView['checklist'][number]['documents'][number];

/** POST /cases/{caseId}/documents/{documentId}/remove. */
export interface RemovedDocument {
  readonly documentId: string;
  readonly status: 'rejected';
  readonly removed: true;
}
