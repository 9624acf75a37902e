import * as z from 'zod';
import { cancerTypes, caseStatuses, documentStatuses, type ItemStatus, itemIds } from '../vocabulary';

/**
 * What the patient routes answer, as far as the patient page reads it. The routes check their
 * bodies against these before they leave (a check, not a rewrite: fields not named here still
 * go out), and the page takes its types from them with type-only imports, so neither zod nor
 * any server code enters its bundle through them.
 */
const itemStatuses = [
  'missing',
  'received',
  'accepted',
  'rejected',
  'in-transit',
] as const satisfies readonly ItemStatus[];
const download = z.object({ url: z.url(), expiresAt: z.string() });

export const patientCaseResponse = z.object({
  caseId: z.string(),
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
          reason: z.string().optional(),
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
    }),
  ),
  consent: z.object({ hospitalId: z.string(), at: z.string() }).optional(),
  treatmentHistory: z.record(z.string(), z.unknown()).optional(),
  imagingShipment: z.object({ carrier: z.string(), trackingNumber: z.string() }).optional(),
  deadline: z.object({ expectedDate: z.string(), businessDaysLeft: z.number().int() }).optional(),
});

export const patientHospitalsResponse = z.object({
  hospitals: z.array(
    z.object({
      hospitalId: z.string(),
      name: z.string(),
      city: z.string(),
      turnaroundBusinessDays: z.number().int().positive(),
      chosen: z.boolean(),
    }),
  ),
});

export const patientReportResponse = z.object({
  report: download,
  translation: z
    .object({
      download: download.optional(),
      note: z.string().optional(),
      unavailable: z.boolean().optional(),
    })
    .optional(),
  plainLanguageSummary: z.string().optional(),
  specialist: z.object({ name: z.string(), department: z.string() }).optional(),
  limitsNotedBySpecialist: z.array(z.string()),
  addenda: z.array(z.object({ addendumId: z.string(), receivedAt: z.string(), download })),
});

const presignedPart = z.object({ partNumber: z.number().int().positive(), url: z.url() });

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
    partSize: z.number().int().positive(),
    parts: z.array(presignedPart),
    expiresAt: z.string(),
  }),
]);

export const patientUploadPartsSignedResponse = z.object({
  parts: z.array(presignedPart),
  expiresAt: z.string(),
});

export const patientUploadPartsListResponse = z.object({
  parts: z.array(
    z.object({ partNumber: z.number().int().positive(), etag: z.string(), size: z.number().int() }),
  ),
});

export type PatientCase = z.output<typeof patientCaseResponse>;
export type PatientHospitals = z.output<typeof patientHospitalsResponse>;
export type PatientHospital = PatientHospitals['hospitals'][number];
export type PatientReport = z.output<typeof patientReportResponse>;
export type PatientUpload = z.output<typeof patientUploadResponse>;
export type PatientUploadPartsSigned = z.output<typeof patientUploadPartsSignedResponse>;
export type PatientUploadPartsList = z.output<typeof patientUploadPartsListResponse>;
