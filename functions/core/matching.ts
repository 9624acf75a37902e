import type { CaseRecord } from './case/record';
import type { Hospital, Modality } from './hospital';
import {
  deliveryReason,
  summarizeTurnaround,
  type TurnaroundEntry,
  type TurnaroundSummary,
} from './turnaround';

export interface HospitalMatch {
  readonly hospitalId: string;
  readonly rank: number;
  readonly reasons: readonly string[];
  /** Its recent reports (the last RECENT_REPORTS), once it has delivered at least one. */
  readonly deliveryRecord?: TurnaroundSummary;
}

/**
 * Ranks hospitals for a case by explicit rules applied in order, with no hidden weights:
 * 1. it reviews the case's cancer type (otherwise it is not listed);
 * 2. it offers every modality the case asks about;
 * 3. it reads the records as they are (English) rather than needing certified translations;
 * 4. for an expedited case, it offers expedited review;
 * 5. the shorter turnaround in business days.
 * The reasons state each rule's outcome, so the order explains itself. A hospital's record of
 * recent reports (`recentReports`, by hospital id) is stated as a reason too, but does not rank:
 * a hospital new to the service would otherwise lose to any with a record, however poor.
 */
export function matchHospitals(
  record: Pick<CaseRecord, 'cancerType' | 'expedited' | 'requestedModalities'>,
  hospitals: readonly Hospital[],
  recentReports: ReadonlyMap<string, readonly TurnaroundEntry[]> = new Map(),
): HospitalMatch[] {
  const wanted = record.requestedModalities ?? [];
  const scored = hospitals
    .filter((hospital) => hospital.cancerTypes.includes(record.cancerType))
    .map((hospital) => {
      const reasons = [`Reviews ${record.cancerType} cancer cases.`];
      const missing = wanted.filter((modality) => !hospital.modalities.includes(modality as Modality));
      if (wanted.length > 0) {
        reasons.push(
          missing.length === 0
            ? `Offers what the case asks about: ${wanted.join(', ')}.`
            : `Does not offer ${missing.join(', ')}.`,
        );
      }
      const readsEnglish = hospital.acceptsEnglishRecords && !hospital.requiresCertifiedTranslation;
      reasons.push(
        readsEnglish
          ? 'Reads English records; no certified translation needed.'
          : 'Requires certified Chinese translations, which add time and cost before review.',
      );
      if (record.expedited) {
        reasons.push(
          hospital.expedited
            ? `Offers expedited review in ${hospital.expedited.businessDays} business days (US$${hospital.expedited.feeUsd}).`
            : 'Offers no expedited review.',
        );
      }
      const turnaround =
        record.expedited && hospital.expedited
          ? hospital.expedited.businessDays
          : hospital.turnaroundBusinessDays;
      reasons.push(`Report due ${turnaround} business days after complete records arrive.`);
      const delivered = summarizeTurnaround(recentReports.get(hospital.hospitalId) ?? []);
      const deliveryText = deliveryReason(delivered);
      if (deliveryText) reasons.push(deliveryText);
      const key = [
        missing.length,
        readsEnglish ? 0 : 1,
        record.expedited && !hospital.expedited ? 1 : 0,
        turnaround,
      ];
      return { hospital, reasons, key, ...(deliveryText ? { deliveryRecord: delivered } : {}) };
    })
    .sort((a, b) => {
      for (let index = 0; index < a.key.length; index += 1) {
        const difference = a.key[index]! - b.key[index]!;
        if (difference !== 0) return difference;
      }
      return a.hospital.name.localeCompare(b.hospital.name);
    });
  return scored.map((entry, index) => ({
    hospitalId: entry.hospital.hospitalId,
    rank: index + 1,
    reasons: entry.reasons,
    ...(entry.deliveryRecord ? { deliveryRecord: entry.deliveryRecord } : {}),
  }));
}
