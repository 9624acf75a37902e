import {
  type ExpectedPatient,
  identityGapMessage,
  matchIdentity,
  type StatedIdentity,
} from '../identity-match';
import { parsePersonName } from '../person-name';
import type { Gap } from './readiness';
import type { CaseRecord, DocumentRecord } from './record';

/**
 * Is every accepted record about the case's patient? Judged when the case is read, so a
 * corrected birth date on the case clears or raises the gaps at once. A mismatch never rejects
 * the file: the document stays accepted and the case gets a blocking gap on it, which the
 * coordinator resolves by removing the document or waiving the gap with a reason. Messages say
 * what differs, never the names or dates themselves (PHI).
 */

const MODALITY_NAMES: Record<string, string> = {
  CT: 'CT',
  MR: 'MRI',
  PT: 'PET',
  NM: 'nuclear medicine',
  US: 'ultrasound',
  MG: 'mammography',
  CR: 'X-ray',
  DX: 'X-ray',
};

/** "The CT study", "The pathology report": what the patient and coordinator call the record. */
function recordLabel(document: DocumentRecord): string {
  if (document.kind === 'zip') return 'The imaging disc';
  if (document.dicom) {
    const modality = MODALITY_NAMES[document.dicom.modality ?? ''];
    return modality ? `The ${modality} study` : 'The imaging study';
  }
  if (document.itemId === 'pathology-report') return 'The pathology report';
  if (document.itemId === 'tumor-markers') return 'The blood test report';
  return 'The record';
}

const DICOM_SEX: Record<string, ExpectedPatient['sex']> = { female: 'F', male: 'M', other: 'O' };

export function expectedPatient(record: CaseRecord): ExpectedPatient {
  const { fullName, dateOfBirth, sex } = record.patient;
  return { fullName, dateOfBirth, ...(sex ? { sex: DICOM_SEX[sex] } : {}) };
}

/** Who each part of a document says it is about: one identity for a file, several for a disc. */
function statedIdentities(document: DocumentRecord): StatedIdentity[] {
  const dicomIdentity = (name?: string, birthDate?: string, sex?: string): StatedIdentity => ({
    ...(name ? { name: parsePersonName(name) } : {}),
    ...(birthDate ? { birthDates: [birthDate] } : {}),
    ...(sex ? { sex } : {}),
  });
  if (document.dicom) {
    const { patientName, patientBirthDate, patientSex } = document.dicom;
    return [dicomIdentity(patientName, patientBirthDate, patientSex)];
  }
  if (document.disc) {
    return document.disc.identities.map((identity) =>
      dicomIdentity(identity.patientName, identity.patientBirthDate, identity.patientSex),
    );
  }
  if (document.reportIdentity) {
    const { name, personName, birthDates, sex } = document.reportIdentity;
    return [
      {
        ...(personName ? { name: parsePersonName(personName) } : name ? { name } : {}),
        ...(birthDates ? { birthDates } : {}),
        ...(sex ? { sex } : {}),
      },
    ];
  }
  return [];
}

/** Merges the verdicts of a disc's patients: one mismatch is a mismatch of the whole disc. */
function worstVerdict(expected: ExpectedPatient, stated: readonly StatedIdentity[]) {
  const verdicts = stated.map((identity) => matchIdentity(expected, identity));
  const mismatch = verdicts.filter((verdict) => verdict.verdict === 'mismatch');
  if (mismatch.length > 0) {
    const differs = new Set(mismatch.flatMap((verdict) => verdict.differs));
    return {
      verdict: 'mismatch' as const,
      differs: (['name', 'birthDate', 'sex'] as const).filter((what) => differs.has(what)),
    };
  }
  if (verdicts.some((verdict) => verdict.verdict === 'anonymous')) return { verdict: 'anonymous' as const };
  if (verdicts.some((verdict) => verdict.verdict === 'uncomparable'))
    return { verdict: 'uncomparable' as const };
  return { verdict: 'match' as const };
}

export function identityGaps(record: CaseRecord, documents: readonly DocumentRecord[]): Gap[] {
  const gaps: Gap[] = [];
  const expected = expectedPatient(record);
  for (const document of documents) {
    if (document.status !== 'accepted' || document.itemId === 'treatment-history') continue;
    const label = recordLabel(document);
    const gap = (gapId: string, severity: Gap['severity'], message: string) =>
      gaps.push({ gapId, itemId: document.itemId, severity, message, source: 'system' });
    const stated = statedIdentities(document);
    // A PDF or photo that names nobody is the norm for many report formats: nothing to say.
    const imaging = Boolean(document.dicom || document.disc);
    if (stated.length > 0 || imaging) {
      const outcome = stated.length > 0 ? worstVerdict(expected, stated) : { verdict: 'anonymous' as const };
      if (outcome.verdict === 'mismatch') {
        gap(
          `identity:${document.documentId}`,
          'blocking',
          `${identityGapMessage(label, outcome.differs)} Check that it is this patient’s: remove it, or waive this with a reason.`,
        );
      } else if (outcome.verdict === 'anonymous' && imaging) {
        gap(
          `identity:${document.documentId}`,
          'advisory',
          `${label} carries no patient name (it was anonymised); the coordinator should confirm it is this patient’s.`,
        );
      } else if (outcome.verdict === 'uncomparable') {
        gap(
          `identity:${document.documentId}`,
          'advisory',
          `${label} gives the patient’s name in another script than the case; the coordinator should confirm it is this patient’s.`,
        );
      }
    }
    for (const problem of studyDateProblems(document, record.patient.dateOfBirth)) {
      gap(`study-date:${document.documentId}`, 'advisory', `${label} ${problem}`);
    }
  }
  return gaps;
}

/**
 * A study dated after the day it was uploaded, or before the patient was born, is a wrong
 * clock or another patient's study: advisory, for the coordinator to look at.
 */
function studyDateProblems(document: DocumentRecord, dateOfBirth: string): string[] {
  const dates = document.dicom?.studyDate ? [document.dicom.studyDate] : (document.disc?.studyDates ?? []);
  const uploadedOn = document.createdAt.slice(0, 10);
  const problems: string[] = [];
  if (dates.some((date) => date > uploadedOn)) problems.push('is dated after the day it was uploaded.');
  if (dates.some((date) => date < dateOfBirth)) problems.push('is dated before the patient’s birth date.');
  return problems.length === 2 ? ['has dates both in the future and before the patient’s birth.'] : problems;
}
