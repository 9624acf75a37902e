import { describe, expect, it } from 'vitest';
import {
  deliveredPackage,
  manifestEntry,
  planPackage,
} from '../../../../functions/core/package/package-plan';
import { caseWith } from '../case/fixtures';
import { aggregateWith, documentWith, machineDraft } from './fixtures';

const certified = {
  documentId: 'doc_bbbbbbbbbbbb',
  uploadId: 'ctu_1',
  fileName: 'report.certified.pdf',
  key: 'certified/doc_bbbbbbbbbbbb.pdf',
  size: 30,
  sha256: 'c'.repeat(64),
  at: '2027-03-03T01:00:00.000Z',
};

describe('the package plan', () => {
  it('is rebuilt while routing or awaiting certified translations; once delivered it is kept', () => {
    const built = { packageDigest: 'd'.repeat(64), packageFiles: [machineDraft('doc_aaaaaaaaaaaa')] };
    expect(deliveredPackage(caseWith({ ...built, status: 'routing' }))).toBeUndefined();
    expect(
      deliveredPackage(caseWith({ ...built, status: 'awaiting-certified-translation' })),
    ).toBeUndefined();
    expect(deliveredPackage(caseWith({ status: 'awaiting-receipt' }))).toBeUndefined();
    expect(deliveredPackage(caseWith({ ...built, status: 'awaiting-receipt' }))).toEqual({
      packageDigest: built.packageDigest,
      fileCount: 1,
    });
  });

  it('lists the accepted records (with DICOM series and disarmed originals), then the translations', () => {
    const plan = planPackage(
      aggregateWith({}, [
        documentWith('doc_aaaaaaaaaaaa', {
          disarmed: {
            intakeKey: 'k',
            removed: ['javascript'],
            original: { size: 120, sha256: 'e'.repeat(64) },
          },
        }),
        documentWith('doc_cccccccccccc', {
          itemId: 'imaging',
          kind: 'dicom',
          dicom: { studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3' } as never,
        }),
        documentWith('doc_rejected0000', { status: 'rejected' }),
        documentWith('doc_notcopied000', { recordsKey: undefined }),
      ]),
      [machineDraft('doc_aaaaaaaaaaaa')],
    );
    expect(plan.contentFiles.map((file) => [file.fileId, file.category])).toEqual([
      ['doc_aaaaaaaaaaaa', 'pathology-report'],
      ['doc_cccccccccccc', 'imaging'],
      ['tr_aaaaaaaaaaaa', 'translation'],
    ]);
    expect(plan.contentFiles[0]?.disarmed).toEqual({
      removed: ['javascript'],
      original: { size: 120, sha256: 'e'.repeat(64) },
      note: expect.stringContaining('Active content was removed'),
    });
    expect(plan.contentFiles[1]?.dicom).toEqual({ studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3' });
    expect(plan.summaryIndex[2]).toEqual({
      fileName: 'doc_aaaaaaaaaaaa.zh.txt',
      category: { en: 'Translation (machine draft)', zh: '翻译（机器草稿）' },
      size: 20,
      sha256: 'b'.repeat(64),
    });
    expect(plan.translationsNote).toMatch(/^Structured fields .* document texts are machine drafts/);
  });

  it('puts a certified translation in place of the machine draft of the same document', () => {
    const plan = planPackage(
      aggregateWith({ certifiedTranslations: [certified] }, [
        documentWith('doc_aaaaaaaaaaaa'),
        documentWith('doc_bbbbbbbbbbbb'),
      ]),
      [machineDraft('doc_aaaaaaaaaaaa'), machineDraft('doc_bbbbbbbbbbbb')],
    );
    expect(plan.translations.map((file) => [file.fileId, file.translation])).toEqual([
      ['ct_bbbbbbbbbbbb', 'certified'],
      ['tr_aaaaaaaaaaaa', 'machine-draft'],
    ]);
    expect(plan.contentFiles.map((file) => file.category)).toEqual([
      'pathology-report',
      'pathology-report',
      'certified-translation',
      'translation',
    ]);
    expect(plan.translationsNote).toMatch(
      /^1 document\(s\) have certified translations; other texts are machine drafts\./,
    );
  });

  it('says when free text is the original English', () => {
    const plain = planPackage(aggregateWith({}, [documentWith('doc_aaaaaaaaaaaa')]), []);
    expect(plain.translationsNote).toMatch(/free text is the original English, not machine-translated/);
    const certifiedOnly = planPackage(aggregateWith({ certifiedTranslations: [certified] }, []), []);
    expect(certifiedOnly.translationsNote).toMatch(/other texts are the original English\./);
  });

  it('describes a stored package file for the manifest by what identifies it, not where it is', () => {
    expect(manifestEntry({ ...machineDraft('doc_aaaaaaaaaaaa'), category: 'summary' })).toEqual({
      fileId: 'tr_aaaaaaaaaaaa',
      fileName: 'doc_aaaaaaaaaaaa.zh.txt',
      category: 'summary',
      size: 20,
      sha256: 'b'.repeat(64),
    });
  });
});
