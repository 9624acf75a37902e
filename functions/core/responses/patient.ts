import * as z from 'zod/mini';
import { cancerTypes, caseStatuses, documentStatuses, type ItemStatus, itemIds } from '../vocabulary';

/**
 * What the patient routes answer, as far as the patient page reads it. The routes check their
 * bodies against these before they leave (a check, not a rewrite: fields not named here still
 * go out), and the page takes its types from them with type-only imports, so neither zod nor
 * any server code enters its bundle through them. Written with zod's mini build: the same
 * checks and JSON Schema as the classic API at a fifth of its size, and importing it costs a
 * light read handler a few milliseconds of cold start instead of a fifth of it (npm run bench).
 */
const itemStatuses = [
  'missing',
  'received',
  'accepted',
  'rejected',
  'in-transit',
] as const satisfies readonly ItemStatus[];
const download = z.object({ url: z.url(), expiresAt: z.string() });

/** A server message's stable code and its arguments, so the page can say it in any language. */
const messageParams = z.optional(z.record(z.string(), z.union([z.string(), z.number()])));

export const patientCaseResponse = z.object({
  caseId: z.string(),
  /** The case's language tag (BCP 47): the page opens in it unless the patient chose another. */
  language: z.optional(z.string()),
  status: z.enum(caseStatuses),
  cancerType: z.enum(cancerTypes),
  checklist: z.array(
    z.object({
      itemId: z.enum(itemIds),
      title: z.string(),
      description: z.string(),
      required: z.boolean(),
      status: z.enum(itemStatuses),
      documents: z.array(
        z.object({
          documentId: z.string(),
          fileName: z.string(),
          status: z.enum(documentStatuses),
          reason: z.optional(z.string()),
          reasonCode: z.optional(z.string()),
          reasonParams: messageParams,
        }),
      ),
    }),
  ),
  gaps: z.array(
    z.object({
      gapId: z.string(),
      itemId: z.union([z.enum(itemIds), z.literal('consent')]),
      severity: z.enum(['blocking', 'advisory']),
      message: z.string(),
      code: z.optional(z.string()),
      params: messageParams,
    }),
  ),
  consent: z.optional(z.object({ hospitalId: z.string(), at: z.string() })),
  treatmentHistory: z.optional(z.record(z.string(), z.unknown())),
  imagingShipment: z.optional(z.object({ carrier: z.string(), trackingNumber: z.string() })),
  deadline: z.optional(z.object({ expectedDate: z.string(), businessDaysLeft: z.int() })),
  /** The review's quote once a coordinator issued one (amounts in minor units of `currency`). */
  quote: z.optional(
    z.object({
      quoteId: z.string(),
      hospitalId: z.string(),
      currency: z.string(),
      lines: z.array(
        z.object({
          code: z.enum(['review', 'expedited', 'certified-translation', 'disc-shipping', 'coordination']),
          quantity: z.int(),
          unitAmount: z.int(),
          amount: z.int(),
        }),
      ),
      total: z.int(),
      issuedAt: z.string(),
      validUntil: z.string(),
      status: z.enum(['issued', 'accepted', 'paid', 'waived', 'refunded', 'withdrawn', 'expired']),
      acceptedAt: z.optional(z.string()),
      payment: z.optional(z.object({ method: z.string(), reference: z.string(), receivedOn: z.string() })),
      refund: z.optional(z.object({ amount: z.int(), at: z.string() })),
      receipts: z.array(z.object({ kind: z.enum(['receipt', 'credit-note']), number: z.string() })),
      bankTransfer: z.optional(z.object({ details: z.array(z.string()), reference: z.string() })),
      /** The patient may pay by card (Stripe Checkout). */
      card: z.optional(z.boolean()),
    }),
  ),
});

/** A link to a receipt or credit note PDF. */
export const patientReceiptResponse = z.object({
  url: z.url(),
  expiresAt: z.string(),
  number: z.string(),
  kind: z.enum(['receipt', 'credit-note']),
});

export const patientHospitalsResponse = z.object({
  hospitals: z.array(
    z.object({
      hospitalId: z.string(),
      name: z.string(),
      city: z.string(),
      turnaroundBusinessDays: z.int().check(z.positive()),
      chosen: z.boolean(),
    }),
  ),
});

export const patientReportResponse = z.object({
  report: download,
  translation: z.optional(
    z.object({
      download: z.optional(download),
      note: z.optional(z.string()),
      noteCode: z.optional(z.enum(['translated', 'numbers-differ', 'untranslated', 'unavailable'])),
      unavailable: z.optional(z.boolean()),
    }),
  ),
  plainLanguageSummary: z.optional(z.string()),
  /** The summary in the patient's language (`text`), or `untranslated` when no translator ran. */
  summaryTranslation: z.optional(
    z.object({
      language: z.string(),
      method: z.enum(['amazon-translate', 'untranslated']),
      text: z.optional(z.string()),
      numbersDiffer: z.optional(z.boolean()),
    }),
  ),
  specialist: z.optional(z.object({ name: z.string(), department: z.string() })),
  limitsNotedBySpecialist: z.array(z.string()),
  limitsNotedIds: z.optional(z.array(z.string())),
  addenda: z.array(z.object({ addendumId: z.string(), receivedAt: z.string(), download })),
  questions: z.optional(
    z.array(
      z.object({
        questionId: z.string(),
        question: z.string(),
        askedAt: z.string(),
        answer: z.optional(z.string()),
        answeredAt: z.optional(z.string()),
      }),
    ),
  ),
  questionsRemaining: z.optional(z.int().check(z.nonnegative())),
  postReportCall: z.optional(z.object({ preferredTimes: z.string(), requestedAt: z.string() })),
});

const presignedPart = z.object({ partNumber: z.int().check(z.positive()), url: z.url() });

/** A new upload: one presigned PUT, or presigned parts of a multipart upload (over 100 MB). */
export const patientUploadResponse = z.discriminatedUnion('method', [
  z.object({
    documentId: z.string(),
    method: z.literal('PUT'),
    url: z.url(),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  }),
  z.object({
    documentId: z.string(),
    method: z.literal('MULTIPART'),
    partSize: z.int().check(z.positive()),
    parts: z.array(presignedPart),
    expiresAt: z.string(),
  }),
]);

export const patientUploadPartsSignedResponse = z.object({
  parts: z.array(presignedPart),
  expiresAt: z.string(),
});

export const patientUploadPartsListResponse = z.object({
  parts: z.array(z.object({ partNumber: z.int().check(z.positive()), etag: z.string(), size: z.int() })),
});

export type PatientCase = z.output<typeof patientCaseResponse>;
export type PatientHospitals = z.output<typeof patientHospitalsResponse>;
export type PatientHospital = PatientHospitals['hospitals'][number];
export type PatientReport = z.output<typeof patientReportResponse>;
export type PatientUpload = z.output<typeof patientUploadResponse>;
export type PatientUploadPartsSigned = z.output<typeof patientUploadPartsSignedResponse>;
export type PatientUploadPartsList = z.output<typeof patientUploadPartsListResponse>;
