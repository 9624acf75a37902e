import { describe, expect, it } from 'vitest';
import { computeGaps, effectiveStatus } from '../../../../functions/core/case/readiness';
import type { DocumentRecord } from '../../../../functions/core/case/record';
import { patientView } from '../../../../functions/core/case/views';
import { checklistFor } from '../../../../functions/core/checklist';
import { cancerTypes } from '../../../../functions/core/vocabulary';
import { caseWith } from './fixtures';

const record = caseWith;

const doc = (
  itemId: DocumentRecord['itemId'],
  status: DocumentRecord['status'],
  extra: Partial<DocumentRecord> = {},
) =>
  ({
    caseId: 'case_aaaaaaaaaaaa',
    documentId: `doc_${itemId.replace(/-/g, '')}${status}`,
    itemId,
    fileName: 'f',
    contentType: 'application/pdf',
    declaredSize: 10,
    status,
    intakeKey: 'k',
    createdAt: '2026-11-02T00:00:00Z',
    updatedAt: '2026-11-02T00:00:00Z',
    ...extra,
  }) as DocumentRecord;

describe('checklist', () => {
  it('covers every cancer type with the four contract items', () => {
    for (const type of cancerTypes) {
      expect(checklistFor(type).map((item) => [item.itemId, item.required])).toEqual([
        ['pathology-report', true],
        ['imaging', true],
        ['treatment-history', true],
        ['tumor-markers', false],
      ]);
    }
    expect(checklistFor('lung')[0]!.description).toContain('EGFR, ALK');
    expect(checklistFor('breast')[0]!.description).toContain('ER, PR, HER2');
  });
});

describe('gaps and readiness', () => {
  const complete = record({
    treatmentHistory: {} as never,
    consent: { hospitalId: 'hosp_a', fullName: 'Test Person', at: '2026-11-03T00:00:00Z' },
  });
  const accepted = [doc('pathology-report', 'accepted'), doc('imaging', 'accepted', { kind: 'dicom' })];

  it('is ready when every required item is accepted and consent given', () => {
    expect(effectiveStatus(complete, accepted)).toBe('ready');
    expect(computeGaps(complete, accepted).filter((gap) => gap.severity === 'blocking')).toEqual([]);
  });

  it('explains what is missing in plain words', () => {
    const gaps = computeGaps(record(), [
      doc('pathology-report', 'rejected', { reason: 'The file arrived empty.' }),
    ]);
    expect(gaps.map((gap) => [gap.itemId, gap.severity])).toEqual([
      ['pathology-report', 'blocking'],
      ['imaging', 'blocking'],
      ['treatment-history', 'blocking'],
      ['tumor-markers', 'advisory'],
      ['consent', 'blocking'],
    ]);
    expect(gaps[0]!.message).toContain('The file arrived empty.');
    expect(effectiveStatus(record(), [])).toBe('collecting');
  });

  it('treats consent for another hospital as a blocking gap for this one', () => {
    const gaps = computeGaps(complete, accepted, 'hosp_other');
    expect(gaps).toContainEqual(expect.objectContaining({ itemId: 'consent', severity: 'blocking' }));
  });

  it('advises DICOM when only image exports were accepted', () => {
    const gaps = computeGaps(complete, [
      doc('pathology-report', 'accepted'),
      doc('imaging', 'accepted', { kind: 'jpeg' }),
    ]);
    expect(gaps).toContainEqual(expect.objectContaining({ itemId: 'imaging', severity: 'advisory' }));
  });

  it('shows the patient no coordinator-only fields', () => {
    const view = patientView({ record: complete, documents: accepted, timeline: [] }, new Date());
    expect(view).not.toHaveProperty('patient');
    expect(view).not.toHaveProperty('question');
  });
});
