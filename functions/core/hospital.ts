import type { CancerType, ItemId } from './vocabulary';

export interface Hospital {
  readonly hospitalId: string;
  readonly name: string;
  readonly city: string;
  readonly timeZone: string;
  /** Business-day calendar id; holiday calendars arrive with issue 6. */
  readonly calendar: string;
  readonly cancerTypes: readonly CancerType[];
  readonly acceptsEnglishRecords: boolean;
  readonly requiresCertifiedTranslation: boolean;
  /** The checklist items whose documents need a certified Chinese translation before delivery. */
  readonly certifiedTranslationOf?: readonly ItemId[];
  readonly turnaroundBusinessDays: number;
  readonly expedited: { readonly businessDays: number; readonly feeUsd: number } | null;
  /** Where the hospital's notifications go. */
  readonly contactEmail: string;
  /** Sample data seeded by the local backend, never a real hospital's details. */
  readonly sample: boolean;
}

export function turnaroundFor(hospital: Hospital, expedited: boolean): number {
  return expedited && hospital.expedited ? hospital.expedited.businessDays : hospital.turnaroundBusinessDays;
}
