import { type ExpectedPatient, identityDiffers, matchIdentity, type StatedIdentity } from '../identity-match';
import { parsePersonName } from '../person-name';
import {
  type GapCode,
  gapText,
  type MessageParams,
  type RecordLabelCode,
  recordLabelText,
} from '../server-messages';
import type { Gap } from './readiness';
import type { CaseRecord, DocumentRecord } from './record';

/**
 * Is every accepted record about the case's patient? Judged when the case is read, so a
 * corrected birth date on the case clears or raises the gaps at once. A mismatch never rejects
 * the file: the document stays accepted and the case gets a blocking gap on it, which the
 * coordinator resolves by removing the document or waiving the gap with a reason. Messages say
 * what differs, never the names or dates themselves (PHI).
 */

const MODALITY_LABELS: Record<string, RecordLabelCode> = {
  CT: 'ct',
  MR: 'mri',
  PT: 'pet',
  NM: 'nm',
  US: 'us',
  MG: 'mg',
  CR: 'xray',
  DX: 'xray',
};

/** "The CT study", "The pathology report": what the patient and coordinator call the record. */
function recordLabel(document: DocumentRecord): RecordLabelCode {
  if (document.kind === 'zip') return 'disc';
  if (document.dicom) return MODALITY_LABELS[document.dicom.modality ?? ''] ?? 'imaging';
  if (document.itemId === 'pathology-report') return 'pathology';
  if (document.itemId === 'tumor-markers') return 'blood';
  return 'other';
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
    const gap = (gapId: string, severity: Gap['severity'], code: GapCode, more: MessageParams = {}) => {
      const params = { record: recordLabelText(label), recordKey: `record.${label}`, ...more };
      gaps.push({
        gapId,
        itemId: document.itemId,
        severity,
        message: gapText(code, params),
        code,
        params,
        source: 'system',
      });
    };
    const stated = statedIdentities(document);
    // A PDF or photo that names nobody is the norm for many report formats: nothing to say.
    const imaging = Boolean(document.dicom || document.disc);
    if (stated.length > 0 || imaging) {
      const outcome = stated.length > 0 ? worstVerdict(expected, stated) : { verdict: 'anonymous' as const };
      if (outcome.verdict === 'mismatch') {
        gap(`identity:${document.documentId}`, 'blocking', 'identity-mismatch', {
          differs: identityDiffers(outcome.differs),
        });
      } else if (outcome.verdict === 'anonymous' && imaging) {
        gap(`identity:${document.documentId}`, 'advisory', 'identity-anonymous');
      } else if (outcome.verdict === 'uncomparable') {
        gap(`identity:${document.documentId}`, 'advisory', 'identity-other-script');
      }
    }
    for (const problem of studyDateProblems(document, record.patient.dateOfBirth)) {
      gap(`study-date:${document.documentId}`, 'advisory', problem);
    }
  }
  return gaps;
}

/**
 * A study dated after the day it was uploaded, or before the patient was born, is a wrong
 * clock or another patient's study: advisory, for the coordinator to look at.
 */
function studyDateProblems(document: DocumentRecord, dateOfBirth: string): GapCode[] {
  const dates = document.dicom?.studyDate ? [document.dicom.studyDate] : (document.disc?.studyDates ?? []);
  const uploadedOn = document.createdAt.slice(0, 10);
  const future = dates.some((date) => date > uploadedOn);
  const beforeBirth = dates.some((date) => date < dateOfBirth);
  if (future && beforeBirth) return ['study-date-both'];
  return [
    ...(future ? (['study-date-future'] as const) : []),
    ...(beforeBirth ? (['study-date-before-birth'] as const) : []),
  ];
}
