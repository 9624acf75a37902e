import type {
  CaseAggregate,
  CaseRecord,
  DocumentRecord,
  PackageFile,
} from '../../../../functions/core/case/record';
import { caseWith } from '../case/fixtures';

const hash = (char: string) => char.repeat(64);

/** A document of the case, accepted into the records unless a test says otherwise. */
export const documentWith = (
  documentId: string,
  overrides: Partial<DocumentRecord> = {},
): DocumentRecord => ({
  caseId: 'case_aaaaaaaaaaaa',
  documentId,
  itemId: 'pathology-report',
  fileName: `${documentId}.pdf`,
  contentType: 'application/pdf',
  declaredSize: 100,
  status: 'accepted',
  kind: 'pdf',
  intakeKey: `cases/case_aaaaaaaaaaaa/documents/${documentId}`,
  recordsKey: `records/${documentId}`,
  size: 100,
  sha256: hash('a'),
  createdAt: '2027-03-02T01:00:00.000Z',
  updatedAt: '2027-03-02T01:00:00.000Z',
  ...overrides,
});

/** A machine translation of a document, as TranslateDocument returns it. */
export const machineDraft = (documentId: string): PackageFile => ({
  fileId: `tr_${documentId.slice(4)}`,
  fileName: `${documentId}.zh.txt`,
  category: 'translation',
  key: `packages/${documentId}.txt`,
  size: 20,
  sha256: hash('b'),
  sourceDocumentId: documentId,
  translation: 'machine-draft',
});

export const aggregateWith = (record: Partial<CaseRecord>, documents: DocumentRecord[]): CaseAggregate => ({
  record: caseWith(record),
  documents,
  timeline: [],
});
