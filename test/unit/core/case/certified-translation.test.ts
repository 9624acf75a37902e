import { describe, expect, it } from 'vitest';
import { decideCertifiedTranslation } from '../../../../functions/core/case/certified-translation';
import type { DocumentRecord } from '../../../../functions/core/case/record';
import { caseWith, hospital } from './fixtures';

const now = new Date('2027-03-02T03:00:00Z');
const accepted = (documentId: string) =>
  ({
    caseId: 'case_aaaaaaaaaaaa',
    documentId,
    itemId: 'pathology-report',
    status: 'accepted',
  }) as DocumentRecord;
const documents = [accepted('doc_one'), accepted('doc_two')];
const needs = {
  ...hospital,
  requiresCertifiedTranslation: true,
  certifiedTranslationOf: ['pathology-report' as const],
};
const upload = (documentId: string, uploadId: string) => ({
  caseId: 'case_aaaaaaaaaaaa',
  uploadId,
  documentId,
  fileName: 'translation.pdf',
  declaredSize: 10,
  key: `k/${uploadId}`,
  createdAt: '2027-03-02T00:00:00Z',
});
const waiting = caseWith({ status: 'awaiting-certified-translation' });

describe('decideCertifiedTranslation', () => {
  it('keeps waiting while a named document has no certified translation', () => {
    const { missing, completion } = decideCertifiedTranslation(
      waiting,
      documents,
      needs,
      upload('doc_one', 'ctr_a'),
      {
        size: 10,
        sha256: 'ab',
        now,
      },
    );
    expect(missing).toEqual(['doc_two']);
    expect(completion).toMatchObject({ to: 'awaiting-certified-translation', complete: false });
    expect(completion.set().certifiedTranslations).toEqual([
      {
        documentId: 'doc_one',
        uploadId: 'ctr_a',
        fileName: 'translation.pdf',
        key: 'k/ctr_a',
        size: 10,
        sha256: 'ab',
        at: now.toISOString(),
      },
    ]);
  });

  it('replaces an earlier translation of the same document and ends the wait with the last one', () => {
    const first = decideCertifiedTranslation(waiting, documents, needs, upload('doc_one', 'ctr_a'), {
      size: 10,
      sha256: 'ab',
      now,
    });
    const held = { ...waiting, ...first.completion.set() };
    const second = decideCertifiedTranslation(held, documents, needs, upload('doc_two', 'ctr_b'), {
      size: 9,
      sha256: 'cd',
      now,
    });
    expect(second.missing).toEqual([]);
    expect(second.completion).toMatchObject({ to: 'routing', complete: true });
    expect(second.completion.output()).toEqual({ certified: 2 });
    const again = decideCertifiedTranslation(held, documents, needs, upload('doc_one', 'ctr_c'), {
      size: 8,
      sha256: 'ef',
      now,
    });
    expect(again.completion.set().certifiedTranslations.map((entry) => entry.uploadId)).toEqual(['ctr_c']);
  });
});
