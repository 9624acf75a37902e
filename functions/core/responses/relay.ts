import * as z from 'zod/mini';
import { cancerTypes, caseStatuses } from '../vocabulary';

/**
 * What the relay routes answer hospitals. The routes check their bodies against these before
 * they leave, the OpenAPI document is generated from them, and the pull client takes its types
 * from them (type-only imports: nothing of the server comes with them). Written with zod's mini
 * build, as the patient responses are: the same checks and JSON Schema, a few milliseconds of a
 * read handler's cold start instead of a fifth of it (npm run bench).
 */
const deadline = z.object({
  receivedOn: z
    .string()
    .check(z.describe('The day complete records were confirmed, in the hospital’s time zone')),
  dueOn: z.string().check(z.describe('The due day (YYYY-MM-DD) in the hospital’s calendar')),
  dueAt: z.string().check(z.describe('End of the due day in the hospital’s time zone, ISO 8601 with offset')),
  businessDays: z.int().check(z.describe('Turnaround in business days, extensions included')),
  timeZone: z.string(),
  calendar: z.string().check(z.describe('The public-holiday calendar counted (country code)')),
  provisional: z
    .boolean()
    .check(z.describe('True when a year counted has no published holiday schedule: the date may move')),
  warning: z.optional(z.string()),
});

export const relayCasesListResponse = z.object({
  cases: z.array(
    z.object({
      caseId: z.string(),
      status: z.enum(caseStatuses),
      cancerType: z.enum(cancerTypes),
      deliveredAt: z.string(),
      deadline: z.optional(deadline),
      expedited: z.optional(z.boolean().check(z.describe('The expedited tier: a shorter turnaround'))),
      overdue: z.optional(
        z.boolean().check(z.describe('Past the end of the due day with no report, or in the overdue status')),
      ),
      businessDaysLeft: z.optional(
        z
          .int()
          .check(
            z.describe(
              'Business days from today to the due day in the hospital’s calendar; negative once overdue, 0 once the report is in; absent without a deadline',
            ),
          ),
      ),
      openedAt: z.optional(
        z.string().check(z.describe('When the hospital first opened the package (a read with a purpose)')),
      ),
      new: z.optional(z.boolean().check(z.describe('Not opened by anyone at the hospital yet'))),
      imagingShipped: z.optional(
        z
          .boolean()
          .check(
            z.describe('The imaging also came on a disc by courier: confirming receipt confirms it arrived'),
          ),
      ),
    }),
  ),
});

export const relayPackageFile = z.object({
  fileId: z.string(),
  fileName: z.string(),
  category: z.string(),
  translation: z.optional(z.enum(['machine-draft', 'untranslated', 'certified'])),
  size: z.int(),
  sha256: z.string().check(z.regex(/^[a-f0-9]{64}$/)),
  mediaType: z.optional(
    z
      .string()
      .check(
        z.regex(/^(application\/(dicom|zip|pdf|json)|image\/[a-z0-9.+-]+|text\/plain)$/),
        z.describe('What the bytes are (application/zip: a zipped imaging disc); absent when unknown'),
      ),
  ),
  dicom: z.optional(
    z.object({
      studyInstanceUid: z.string(),
      seriesInstanceUid: z.string(),
      modality: z.optional(z.string()),
      seriesDescription: z.optional(z.string()),
      instanceNumber: z.optional(z.int()),
    }),
  ),
  url: z.url(),
  expiresAt: z.string(),
});

export const relayPackageResponse = z.object({ caseId: z.string(), files: z.array(relayPackageFile) });

export const relayReceiptResponse = z.union([
  z.object({ deadline }),
  z.object({ caseId: z.string(), status: z.literal('collecting'), gaps: z.array(z.string()) }),
]);

export const relaySpecialistResponse = z.object({
  specialist: z.object({ name: z.string(), department: z.string(), assignedAt: z.string() }),
});

export const relayExtensionResponse = z.object({ deadline });

export const relayQuestionsListResponse = z.object({
  questions: z.array(
    z.object({
      questionId: z.string(),
      question: z.string(),
      askedAt: z.string(),
      answered: z.boolean(),
    }),
  ),
});

export const relayAddendumResponse = z.object({ addendumId: z.string() });

export const relayReportUploadResponse = z.object({
  uploadId: z.string(),
  method: z.literal('PUT'),
  url: z.url(),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});

export const relayReportResponse = z.object({ caseId: z.string(), status: z.enum(caseStatuses) });

export type RelayDeadline = z.output<typeof deadline>;
export type RelayCasesList = z.output<typeof relayCasesListResponse>;
export type RelayPackageFile = z.output<typeof relayPackageFile>;
export type RelayPackage = z.output<typeof relayPackageResponse>;
export type RelayReceipt = z.output<typeof relayReceiptResponse>;
export type RelaySpecialist = z.output<typeof relaySpecialistResponse>;
export type RelayExtension = z.output<typeof relayExtensionResponse>;
export type RelayQuestionsList = z.output<typeof relayQuestionsListResponse>;
export type RelayAddendum = z.output<typeof relayAddendumResponse>;
export type RelayReportUpload = z.output<typeof relayReportUploadResponse>;
export type RelayReport = z.output<typeof relayReportResponse>;
