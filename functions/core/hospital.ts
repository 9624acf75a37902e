import * as z from 'zod';
import { ValidationError } from './errors';
import { currencyCodeSchema, minorUnitsSchema } from './money-schemas';
import { cancerTypes, itemIds } from './vocabulary';

export const hospitalTypes = ['cancer-specialty', 'joint-venture', 'modality-centre'] as const;
export const modalities = [
  'surgery',
  'radiotherapy',
  'proton-therapy',
  'heavy-ion-therapy',
  'chemotherapy',
  'targeted-therapy',
  'immunotherapy',
  'interventional-oncology',
  'clinical-trials',
] as const;
export type Modality = (typeof modalities)[number];

/** An IANA time zone this runtime knows. */
export const timeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Use an IANA time zone such as Asia/Shanghai.' },
);

/**
 * What a hospital charges, in integer minor units of one ISO 4217 currency. A hospital without
 * one (the sample hospitals) needs no quote: its cases submit without payment.
 */
export const feeScheduleSchema = z.strictObject({
  currency: currencyCodeSchema,
  /** The written review. */
  review: minorUnitsSchema,
  /** Added to the review when the case asks for an expedited one (the hospital must offer it). */
  expedited: minorUnitsSchema.nullable().default(null),
  /** Per page of the records the hospital wants in certified translation. */
  certifiedTranslationPerPage: minorUnitsSchema.default(0),
  /** Forwarding a physical imaging disc to the hospital. */
  discShipping: minorUnitsSchema.default(0),
});

export type FeeSchedule = z.output<typeof feeScheduleSchema>;

/** A hospital as a coordinator enters it; the directory adds its id and the sample flag. */
export const hospitalInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    type: z.enum(hospitalTypes),
    city: z.string().trim().min(1).max(100),
    timeZone: timeZoneSchema,
    /** Public-holiday calendar: the country code of `functions/core/holiday-calendars.ts` (others count weekends only, provisionally). */
    calendar: z
      .string()
      .trim()
      .regex(/^[A-Z]{2}$/, 'Use the two-letter country code of the calendar.'),
    cancerTypes: z.array(z.enum(cancerTypes)).min(1),
    modalities: z.array(z.enum(modalities)).default([]),
    acceptsEnglishRecords: z.boolean(),
    requiresCertifiedTranslation: z.boolean(),
    /** The checklist items whose documents need a certified Chinese translation before delivery. */
    certifiedTranslationOf: z.array(z.enum(itemIds)).default([]),
    turnaroundBusinessDays: z.number().int().min(3).max(7),
    expedited: z
      .strictObject({
        businessDays: z.number().int().min(1).max(7),
        feeUsd: z.number().nonnegative().max(100_000),
      })
      .nullable(),
    contactEmail: z.email(),
    /** The fees, when the hospital charges through this service (optional: absent needs no quote). */
    fees: feeScheduleSchema.optional(),
    relayRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'Use an AWS region such as ap-east-1.'),
  })
  .refine(
    (hospital) => !hospital.expedited || hospital.expedited.businessDays < hospital.turnaroundBusinessDays,
    {
      message: 'Expedited review must be faster than the normal turnaround.',
      path: ['expedited', 'businessDays'],
    },
  )
  .refine((hospital) => !hospital.fees || !hospital.expedited || hospital.fees.expedited !== null, {
    message: 'Give the expedited fee: this hospital offers an expedited review.',
    path: ['fees', 'expedited'],
  })
  .refine(
    (hospital) => !hospital.requiresCertifiedTranslation || hospital.certifiedTranslationOf.length > 0,
    {
      message: 'Name the documents that need a certified translation.',
      path: ['certifiedTranslationOf'],
    },
  );

export type HospitalInput = z.output<typeof hospitalInputSchema>;

/**
 * A deployment has one relay region (the relay stack's); a hospital configured for another
 * would be promised a region nothing is delivered to.
 */
export function checkRelayRegion(hospital: HospitalInput, deploymentRelayRegion: string | undefined): void {
  if (deploymentRelayRegion && hospital.relayRegion !== deploymentRelayRegion) {
    throw new ValidationError('The request body is not valid.', [
      {
        path: 'relayRegion',
        message: `This deployment relays packages through ${deploymentRelayRegion}.`,
      },
    ]);
  }
}

export interface Hospital extends HospitalInput {
  readonly hospitalId: string;
  /** Sample data seeded by the local backend, never a real hospital's details. */
  readonly sample: boolean;
}

export function turnaroundFor(hospital: Hospital, expedited: boolean): number {
  return expedited && hospital.expedited ? hospital.expedited.businessDays : hospital.turnaroundBusinessDays;
}

/** The directory's view of a hospital (contacts stay internal). */
export function hospitalListing(hospital: Hospital) {
  const { contactEmail: _contact, ...listing } = hospital;
  return listing;
}
