import * as z from 'zod';
import { modalities, timeZoneSchema } from './hospital';
import { currencyCodeSchema, minorUnitsSchema } from './money-schemas';
import { homePlanSchema, opinionSchema } from './opinion';
import { MAX_FOLLOW_UP_QUESTIONS, remoteReviewLimitIds } from './opinion-limits';
import { cancerTypes, itemIds, responses, systemicTherapyKinds } from './vocabulary';

/** Upper bounds keep every request small enough to store in one case item. */
const MAX_ENTRIES = 100;
export const MAX_SINGLE_UPLOAD_BYTES = 100 * 1024 * 1024;

const text = (max: number) => z.string().trim().min(1).max(max);

/** Path separators, C0/C1 controls and bidirectional overrides that disguise a name. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const UNSAFE_FILE_NAME = /[/\\\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export const fileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !UNSAFE_FILE_NAME.test(name), {
    message: 'File names may not contain path separators, control characters or direction overrides.',
  })
  .refine((name) => name.trim() !== '' && name !== '.' && name !== '..', { message: 'File name is empty.' });

const isoDate = z.iso.date();

export const createCaseSchema = z.strictObject({
  patient: z.strictObject({
    fullName: text(200),
    email: z.email().max(254),
    dateOfBirth: isoDate,
    /** Optional: compared with the sex each record states, where both say. */
    sex: z.enum(['female', 'male', 'other']).optional(),
    country: text(100),
    language: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a language tag such as en or pt-BR.'),
  }),
  cancerType: z.enum(cancerTypes),
  question: text(4000),
  expedited: z.boolean().optional(),
  /** What the patient asks about beyond a plan review, e.g. proton therapy. */
  requestedModalities: z.array(z.enum(modalities)).max(10).optional(),
  /** Email the patient their personal link, in their language (the link is in the answer either way). */
  emailPatientLink: z.boolean().optional(),
  /** The strategy call the case was opened from: the booking then names the case. */
  bookingId: z
    .string()
    .regex(/^bk_[a-z0-9]{8,40}$/, 'This is not a booking id.')
    .optional(),
});
export type CreateCaseRequest = z.infer<typeof createCaseSchema>;

/** An email the coordinator sends the patient: a new personal link, or what is still missing (with a link). */
export const patientEmailSchema = z.strictObject({
  kind: z.enum(['upload-link', 'missing-records']),
});

export const uploadRequestSchema = z.strictObject({
  itemId: z.enum(itemIds),
  fileName: fileNameSchema,
  contentType: z.string().min(1).max(100),
  size: z.number().int().positive(),
  /** Optional SHA-256 of the file as the uploader computed it; a mismatch rejects the file. */
  sha256: z
    .string()
    .regex(/^[a-fA-F0-9]{64}$/, 'Use the SHA-256 as 64 hexadecimal characters.')
    .transform((value) => value.toLowerCase())
    .optional(),
});
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

const partNumber = z.number().int().min(1).max(10_000);

export const signPartsSchema = z.strictObject({
  partNumbers: z.array(partNumber).min(1).max(10_000),
});

export const completeUploadSchema = z.strictObject({
  parts: z
    .array(z.strictObject({ partNumber, etag: z.string().min(1).max(200) }))
    .min(1)
    .max(10_000),
});

export const consentSchema = z.strictObject({
  hospitalId: text(64),
  accepted: z.literal(true),
  fullName: text(200),
  /** Every limit of a remote review, acknowledged one by one. */
  acknowledgedLimits: z
    .array(z.enum(remoteReviewLimitIds))
    .max(remoteReviewLimitIds.length)
    .refine((given) => remoteReviewLimitIds.every((limit) => given.includes(limit)), {
      message: `Acknowledge each limit of a remote review: ${remoteReviewLimitIds.join(', ')}.`,
    }),
});

export const submitSchema = z.strictObject({ hospitalId: text(64) });

export const summarySchema = z.strictObject({ plainLanguageSummary: text(20000) });

export const receiptSchema = z.discriminatedUnion('complete', [
  z.strictObject({
    complete: z.literal(true),
    /** Required when the imaging came as a shipped disc: the disc arrived. */
    discReceived: z.boolean().optional(),
  }),
  z.strictObject({
    complete: z.literal(false),
    /** What is missing, in the hospital's own words. */
    missing: z
      .array(z.strictObject({ itemId: z.enum(itemIds), description: text(500) }))
      .min(1)
      .max(20),
  }),
]);

export const specialistSchema = z.strictObject({ name: text(200), department: text(200) });

/** At most this many extensions per case, of at most this many business days each. */
export const MAX_EXTENSIONS = 3;
export const MAX_EXTENSION_DAYS = 10;

export const extensionSchema = z.strictObject({
  businessDays: z.number().int().min(1).max(MAX_EXTENSION_DAYS),
  /** Why: a complex or multi-specialist case. Shown to the coordinator. */
  reason: z.string().trim().min(10, 'Say why the case needs more time.').max(1000),
});

export const reportUploadSchema = z.strictObject({
  fileName: fileNameSchema,
  contentType: z.literal('application/pdf'),
  size: z.number().int().positive(),
});

/** Languages a hospital writes its report in. */
export const reportLanguages = ['en', 'zh'] as const;

export const reportSchema = z.strictObject({
  uploadId: text(64),
  specialist: z.strictObject({ name: text(200), department: text(200) }),
  /** The language the PDF is written in: the patient gets a translation when theirs differs. */
  language: z.enum(reportLanguages),
  opinion: opinionSchema,
});

const response = z.enum(responses);

/**
 * The structured treatment history. `today` (YYYY-MM-DD) bounds every date, so the rule
 * "no future dates" is testable without a clock.
 */
export function treatmentHistorySchema(today: string) {
  const pastDate = isoDate.refine((value) => value <= today, { message: 'Date is in the future.' });
  const period = <T extends z.ZodRawShape>(shape: T) =>
    z.strictObject({ ...shape, startDate: pastDate, endDate: pastDate.nullable().optional() }).refine(
      (entry) => {
        const { startDate, endDate } = entry as { startDate: string; endDate?: string | null };
        return !endDate || endDate >= startDate;
      },
      {
        message: 'End date is before the start date.',
        path: ['endDate'],
      },
    );
  const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_ENTRIES).default([]);

  return z.strictObject({
    surgeries: list(z.strictObject({ procedure: text(300), date: pastDate, outcome: text(1000).optional() })),
    chemotherapy: list(
      period({
        regimen: text(200),
        drugs: z
          .array(z.strictObject({ name: text(200), dose: z.number().positive().finite(), unit: text(20) }))
          .min(1)
          .max(20),
        cycles: z.number().int().positive().max(100),
        response,
      }),
    ),
    radiation: list(
      period({
        target: text(200),
        doseGy: z.number().positive().max(200),
        fractions: z.number().int().positive().max(100),
        response,
      }),
    ),
    systemicTherapies: list(
      period({
        kind: z.enum(systemicTherapyKinds),
        drugs: z.array(text(200)).max(20).default([]),
        trialId: text(64).nullable().optional(),
        response,
      }),
    ),
    breaks: list(
      z
        .strictObject({ from: pastDate, to: pastDate.nullable().optional(), reason: text(500) })
        .refine((entry) => !entry.to || entry.to >= entry.from, {
          message: 'End date is before the start date.',
          path: ['to'],
        }),
    ),
    tumorMarkers: list(
      z.strictObject({
        name: text(50),
        value: z.number().finite().nonnegative(),
        unit: text(20),
        date: pastDate,
      }),
    ),
    latestImagingDate: pastDate.nullable().optional(),
    /** The home oncologist's current plan: what the opinion is compared with. */
    currentPlan: homePlanSchema.nullable().optional(),
  });
}
export type TreatmentHistory = z.infer<ReturnType<typeof treatmentHistorySchema>>;

export const diagnosisSchema = z.strictObject({
  histology: text(200).optional(),
  subtype: text(200).optional(),
  grade: text(100).optional(),
  stage: text(100).optional(),
  markers: z
    .array(z.strictObject({ name: text(50), result: text(200) }))
    .max(50)
    .default([]),
});

export const customGapSchema = z.strictObject({
  itemId: z.enum(itemIds),
  severity: z.enum(['blocking', 'advisory']),
  message: text(500),
});

export const waiveGapSchema = z.strictObject({ reason: text(1000) });

/** A disc shipped by courier; `shippedAt` may not be in the future (UTC+14 bound, as for history). */
export const imagingShipmentSchema = (today: string) =>
  z.strictObject({
    carrier: text(100),
    trackingNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 -]{4,40}$/, 'Use the tracking number as the courier gives it.'),
    shippedAt: isoDate.refine((value) => value <= today, { message: 'Date is in the future.' }),
    contents: text(500),
  });

export const certifiedUploadSchema = z.strictObject({
  documentId: text(64),
  fileName: fileNameSchema,
  contentType: z.literal('application/pdf'),
  size: z
    .number()
    .int()
    .positive()
    .max(100 * 1024 * 1024),
});

export const issueTokenSchema = z.strictObject({
  lifetimeDays: z.number().int().min(1).max(365).default(90),
});

export const rotateTokenSchema = z.strictObject({
  lifetimeDays: z.number().int().min(1).max(365).default(90),
  /** How long the old tokens keep working, so a hospital can switch without downtime. */
  overlapHours: z.number().int().min(0).max(168).default(24),
});

export const cancelSchema = z.strictObject({ reason: text(1000) });

export { MAX_FOLLOW_UP_QUESTIONS } from './opinion-limits';
export const questionSchema = z.strictObject({ question: text(2000) });
export const postReportCallSchema = z.strictObject({
  /** When the patient can take the call, in their own words and time zone. */
  preferredTimes: text(500),
});
export const addendumSchema = z.strictObject({
  uploadId: text(64),
  answers: z
    .array(z.strictObject({ questionId: text(64), answer: text(5000) }))
    .min(1)
    .max(MAX_FOLLOW_UP_QUESTIONS),
});

/** Erasure is at the patient's request and names the case twice, so it is never a slip. */
export const eraseSchema = z.strictObject({
  requestedBy: z.literal('patient'),
  confirmCaseId: text(64),
});

/** A clinician-to-clinician call between the home oncologist and the specialist. */
export const clinicianCallSchema = z.strictObject({ note: text(2000) });

/** A third review: the same accepted records, to another hospital, as a new linked case. */
export const thirdReviewSchema = z.strictObject({
  question: text(2000),
  expedited: z.boolean().optional(),
});

/** A coordinator issues a quote for the review at this hospital (core/case/quote.ts). */
export const quoteSchema = z.strictObject({ hospitalId: text(64) });

/** The patient accepts the quote their page shows. */
export const acceptQuoteSchema = z.strictObject({ quoteId: text(64) });

/** A bank transfer the coordinator read off the statement: the reference and the amount it carried. */
export const offlinePaymentSchema = (today: string) =>
  z.strictObject({
    quoteId: text(64),
    method: z.literal('bank-transfer'),
    reference: text(140),
    currency: currencyCodeSchema,
    amount: minorUnitsSchema,
    receivedOn: isoDate.refine((value) => value <= today, { message: 'Date is in the future.' }),
  });

export const quoteWaiverSchema = z.strictObject({ quoteId: text(64), reason: text(1000) });

/**
 * A refund before submission: why, and the bank's reference of the money sent back (a card
 * payment is refunded through Stripe, whose refund id becomes the reference).
 */
export const refundSchema = z.strictObject({
  quoteId: text(64),
  reason: text(1000),
  reference: text(140).optional(),
});

const wallClock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[03]0$/, 'Use HH:MM on the hour or half hour, such as 09:30.');
const hoursRange = z
  .strictObject({ from: wallClock, to: wallClock })
  .refine((range) => range.from < range.to, {
    message: 'The hours must end after they begin.',
    path: ['to'],
  });
const dayHours = z.array(hoursRange).max(6);

/** A coordinator's weekly call hours and exceptions, in their own IANA time zone. */
export const availabilitySchema = z.strictObject({
  timeZone: timeZoneSchema,
  weekly: z.strictObject(
    Object.fromEntries(
      ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((day) => [
        day,
        dayHours.optional(),
      ]),
    ) as Record<
      'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday',
      z.ZodOptional<typeof dayHours>
    >,
  ),
  exceptions: z
    .array(z.strictObject({ date: isoDate, hours: dayHours }))
    .max(366)
    .default([]),
});

/** A visitor holds a strategy-call slot: who they are, their language and a short question. */
export const holdSchema = z.strictObject({
  start: z.iso.datetime(),
  fullName: text(200),
  email: z.email().max(254),
  country: text(100),
  language: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag such as en or fr.'),
  question: text(1000),
  /** The visitor's own time zone (the page sends its browser's): the confirmation speaks in it. */
  timeZone: timeZoneSchema.optional(),
});

/** The visitor's bank transfer for the call, as the coordinator read it off the statement. */
export const bookingPaymentSchema = (today: string) =>
  z.strictObject({
    reference: text(140),
    receivedOn: isoDate.refine((value) => value <= today, { message: 'Date is in the future.' }),
    amount: minorUnitsSchema.optional(),
  });

/**
 * The refund of a call sent back: a bank transfer's reference as the coordinator sent it; for a
 * card payment Stripe refunds it and names the refund itself (no reference needed).
 */
export const bookingRefundSchema = z.strictObject({ reference: text(140).optional() });

/** A visitor's booking link's token, sent in the body (never in a URL). */
const bookingToken = z.string().regex(/^bt_[A-Za-z0-9_-]{43}$/, 'This is not a booking link.');
export const bookingLinkSchema = z.strictObject({ token: bookingToken });
export const rescheduleSchema = z.strictObject({ token: bookingToken, start: z.iso.datetime() });
