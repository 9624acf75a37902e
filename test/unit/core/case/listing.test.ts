import { describe, expect, it } from 'vitest';
import { reportDeadline } from '../../../../functions/core/business-days';
import {
  caseIdOfSortKey,
  caseListRow,
  listingNeedsDocuments,
  listingOf,
  openStatuses,
} from '../../../../functions/core/case/listing';
import type { DocumentRecord } from '../../../../functions/core/case/record';
import { sampleTreatmentHistory } from '../../../../scripts/fixtures';
import { caseWith, reportRecord } from './fixtures';

const accepted = (itemId: DocumentRecord['itemId'], kind: DocumentRecord['kind']) =>
  ({
    caseId: 'case_aaaaaaaaaaaa',
    documentId: `doc_${itemId.replace(/-/g, '')}`,
    itemId,
    fileName: 'f',
    contentType: 'application/pdf',
    declaredSize: 10,
    status: 'accepted',
    kind,
    intakeKey: 'k',
    createdAt: '2027-03-02T02:00:00Z',
    updatedAt: '2027-03-02T02:00:00Z',
  }) as DocumentRecord;

const complete = [accepted('pathology-report', 'pdf'), accepted('imaging', 'dicom')];
const consent = { hospitalId: 'hosp-a', fullName: 'Test Person', at: '2027-03-02T03:00:00Z' };
const treatmentHistory = sampleTreatmentHistory() as never;
// Received Tue 2 Mar 2027 in Shanghai, five business days: due Tue 9 Mar.
const deadline = reportDeadline(new Date('2027-03-02T02:00:00Z'), 5, 'Asia/Shanghai', 'CN');

describe('where a case stands in the coordinator list', () => {
  it('orders overdue first, then blocking gaps, then by deadline, then cases without one', () => {
    const newCase = listingOf(caseWith(), []);
    expect(newCase).toEqual({
      status: 'collecting',
      blockingGaps: 4, // pathology, imaging, treatment history, consent
      sortKey: '1#~#2027-03-02T01:00:00.000Z#case_aaaaaaaaaaaa',
    });
    const ready = listingOf(caseWith({ consent, treatmentHistory }), complete);
    expect(ready).toMatchObject({ status: 'ready', blockingGaps: 0 });
    const underReview = listingOf(
      caseWith({ status: 'under-review', consent, treatmentHistory, deadline }),
      complete,
    );
    expect(underReview?.sortKey).toBe('2#2027-03-09#2027-03-02T01:00:00.000Z#case_aaaaaaaaaaaa');
    const overdue = listingOf(caseWith({ status: 'overdue', consent, treatmentHistory, deadline }), complete);
    expect(overdue?.status).toBe('overdue');
    const keys = [ready, newCase, underReview, overdue].map((listing) => listing?.sortKey ?? '');
    expect([...keys].sort()).toEqual([
      overdue?.sortKey,
      newCase?.sortKey,
      underReview?.sortKey,
      ready?.sortKey,
    ]);
  });

  it('lists closed cases by creation only, and erased ones nowhere', () => {
    expect(listingOf(caseWith({ status: 'completed' }), [])).toEqual({
      status: 'completed',
      blockingGaps: 0,
      sortKey: '2027-03-02T01:00:00.000Z#case_aaaaaaaaaaaa',
    });
    expect(listingOf(caseWith({ status: 'cancelled' }), [])?.sortKey).toBe(
      '2027-03-02T01:00:00.000Z#case_aaaaaaaaaaaa',
    );
    const erasing = caseWith({ erasure: { requestedBy: 'patient', startedAt: 'x', by: 'c' } });
    expect(listingOf(erasing, [])).toBeUndefined();
    expect(listingNeedsDocuments(erasing)).toBe(false);
    expect(listingNeedsDocuments(caseWith({ status: 'completed' }))).toBe(false);
    expect(listingNeedsDocuments(caseWith())).toBe(true);
    expect(openStatuses).not.toContain('completed');
    expect(openStatuses).toContain('ready');
  });

  it('keeps patient details out of the sort key, which names its case', () => {
    const listing = listingOf(caseWith(), []);
    expect(caseIdOfSortKey(listing?.sortKey ?? '', false)).toBe('case_aaaaaaaaaaaa');
    expect(caseIdOfSortKey(listingOf(caseWith({ status: 'completed' }), [])?.sortKey ?? '', true)).toBe(
      'case_aaaaaaaaaaaa',
    );
    expect(caseIdOfSortKey('3#~#x#case_aaaaaaaaaaaa', false)).toBeUndefined();
    expect(listing?.sortKey).not.toContain('Test Person');
    expect(listing?.sortKey).not.toContain('lung');
  });
});

describe('a list row', () => {
  it('shows ids, status, deadline and counts, and no patient details', () => {
    const record = caseWith({
      status: 'under-review',
      hospitalId: 'hosp-a',
      deadline,
      consent,
      treatmentHistory,
    });
    const row = caseListRow(
      record,
      { status: 'under-review', blockingGaps: 0 },
      'Sample Cancer Hospital',
      new Date('2027-03-04T02:00:00Z'),
    );
    expect(row).toEqual({
      caseId: 'case_aaaaaaaaaaaa',
      status: 'under-review',
      cancerType: 'lung',
      expedited: false,
      hospitalId: 'hosp-a',
      hospitalName: 'Sample Cancer Hospital',
      expectedReportDate: '2027-03-09',
      businessDaysLeft: 3, // Fri 5, Mon 8, Tue 9
      blockingGaps: 0,
      createdAt: '2027-03-02T01:00:00.000Z',
    });
    expect(JSON.stringify(row)).not.toContain('Test Person');
    const reported = caseListRow(
      { ...record, report: reportRecord },
      { status: 'awaiting-summary', blockingGaps: 0 },
      undefined,
      new Date('2027-03-20T02:00:00Z'),
    );
    expect(reported.businessDaysLeft).toBe(0);
    expect(reported).not.toHaveProperty('hospitalName');
    expect(
      caseListRow(caseWith(), { status: 'collecting', blockingGaps: 4 }, 'x', new Date()),
    ).not.toHaveProperty('expectedReportDate');
  });
});
