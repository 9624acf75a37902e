import { describe, expect, it } from 'vitest';
import { identityGaps } from '../../../../functions/core/case/identity-gaps';
import { computeGaps } from '../../../../functions/core/case/readiness';
import type { CaseRecord, DocumentRecord } from '../../../../functions/core/case/record';
import type { DicomSummary } from '../../../../functions/core/dicom';

const record = {
  caseId: 'case_identity01',
  cancerType: 'breast',
  patient: {
    fullName: 'Jérôme Dupont',
    dateOfBirth: '1961-07-23',
    email: 'j@example.org',
    country: 'FR',
    language: 'fr',
  },
} as CaseRecord;

const dicom = (overrides: Partial<DicomSummary> = {}): DicomSummary => ({
  sopInstanceUid: '1.2.3.1',
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.0',
  transferSyntaxUid: '1.2.840.10008.1.2.1',
  modality: 'CT',
  studyDate: '2026-10-05',
  ...overrides,
});

const document = (documentId: string, fields: Partial<DocumentRecord>): DocumentRecord =>
  ({
    caseId: record.caseId,
    documentId,
    itemId: 'imaging',
    fileName: 'file',
    status: 'accepted',
    createdAt: '2026-11-02T10:00:00.000Z',
    ...fields,
  }) as DocumentRecord;

describe('identityGaps', () => {
  it('says nothing for a record of the patient, whatever the order, case and accents of the name', () => {
    const docs = [
      document('doc_a', { dicom: dicom({ patientName: 'DUPONT^JEROME', patientBirthDate: '1961-07-23' }) }),
      document('doc_b', { dicom: dicom({ patientName: 'Dupont^J', patientSex: 'M' }) }),
    ];
    expect(identityGaps(record, docs)).toEqual([]);
  });

  it('blocks on another family name or birth date, saying what differs and never the values', () => {
    const gaps = identityGaps(record, [
      document('doc_c', { dicom: dicom({ patientName: 'Durand^Jerome', patientBirthDate: '1960-01-01' }) }),
      document('doc_d', {
        dicom: dicom({ modality: 'MR', patientName: 'Dupont^Jerome', patientBirthDate: '1962-07-23' }),
      }),
    ]);
    expect(gaps.map(({ gapId, severity }) => [gapId, severity])).toEqual([
      ['identity:doc_c', 'blocking'],
      ['identity:doc_d', 'blocking'],
    ]);
    expect(gaps[0]?.message).toMatch(/^The CT study is labelled with another name and birth date\./);
    expect(gaps[1]?.message).toMatch(/^The MRI study is labelled with another birth date\./);
    for (const gap of gaps) expect(gap.message).not.toMatch(/Durand|1960|1962/);
  });

  it('makes a sex mismatch count only when the case states the sex', () => {
    const docs = [document('doc_e', { dicom: dicom({ patientName: 'Dupont^Jerome', patientSex: 'F' }) })];
    expect(identityGaps(record, docs)).toEqual([]);
    const withSex = { ...record, patient: { ...record.patient, sex: 'male' as const } };
    expect(identityGaps(withSex, docs)[0]?.message).toMatch(/another sex\./);
  });

  it('gives an anonymised study an advisory gap, and a report that names nobody none', () => {
    const gaps = identityGaps(record, [
      document('doc_f', { dicom: dicom({}) }),
      document('doc_g', { itemId: 'pathology-report', kind: 'pdf' }),
    ]);
    expect(gaps.map(({ gapId, severity }) => [gapId, severity])).toEqual([['identity:doc_f', 'advisory']]);
  });

  it('judges a report by the name and birth date its text states', () => {
    const gaps = identityGaps(record, [
      document('doc_h', {
        itemId: 'pathology-report',
        kind: 'pdf',
        reportIdentity: { name: 'Martin Paul', birthDates: ['1961-07-23'] },
      }),
      document('doc_i', {
        itemId: 'pathology-report',
        kind: 'pdf',
        reportIdentity: { name: 'DUPONT Jérôme', birthDates: ['1961-07-23', '1961-23-07'] },
      }),
    ]);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ gapId: 'identity:doc_h', severity: 'blocking' });
    expect(gaps[0]?.message).toMatch(/^The pathology report is labelled with another name\./);
  });

  it('makes one mismatched patient on a disc a mismatch of the whole disc', () => {
    const disc = {
      images: 3,
      dicomdir: false,
      studies: [],
      identities: [
        { patientName: 'Dupont^Jerome', images: 2 },
        { patientName: 'Moreau^Luc', images: 1 },
      ],
      studyDates: ['2026-10-05'],
      duplicates: 0,
      unreadable: 0,
      bytesRead: 1000,
    };
    const gaps = identityGaps(record, [document('doc_j', { kind: 'zip', disc })]);
    expect(gaps[0]?.message).toMatch(/^The imaging disc is labelled with another name\./);
  });

  it('flags study dates after the upload day or before the birth date as advisory', () => {
    const gaps = identityGaps(record, [
      document('doc_k', { dicom: dicom({ patientName: 'Dupont^Jerome', studyDate: '2027-01-01' }) }),
      document('doc_l', { dicom: dicom({ patientName: 'Dupont^Jerome', studyDate: '1950-01-01' }) }),
    ]);
    expect(gaps).toEqual([
      expect.objectContaining({
        gapId: 'study-date:doc_k',
        severity: 'advisory',
        message: 'The CT study is dated after the day it was uploaded.',
      }),
      expect.objectContaining({
        gapId: 'study-date:doc_l',
        message: 'The CT study is dated before the patient’s birth date.',
      }),
    ]);
  });

  it('lets a waived identity gap stop blocking, and ignores documents that are not accepted', () => {
    const mismatched = document('doc_m', { dicom: dicom({ patientName: 'Durand^Paul' }) });
    const waived = {
      ...record,
      waivers: [{ gapId: 'identity:doc_m', reason: 'confirmed', by: 'c', at: 'x' }],
    } as CaseRecord;
    expect(computeGaps(waived, [mismatched]).map((gap) => gap.gapId)).not.toContain('identity:doc_m');
    expect(identityGaps(record, [{ ...mismatched, status: 'rejected' }])).toEqual([]);
  });
});
