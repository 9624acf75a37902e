import { describe, expect, it } from 'vitest';
import type { CaseRecord, DocumentRecord } from '../../../functions/core/case/record';
import { validateUpload } from '../../../functions/core/upload-validation';
import { makeDicom, makePdf } from '../../../scripts/fixtures';

const record = { cancerType: 'breast' } as CaseRecord;
const document = (itemId: DocumentRecord['itemId'], contentType: string, declaredSize: number) =>
  ({ itemId, contentType, declaredSize }) as DocumentRecord;

describe('validateUpload', () => {
  const pdf = makePdf(['report']);
  const dicom = makeDicom();

  it('accepts a PDF pathology report and a DICOM study', () => {
    expect(
      validateUpload({
        record,
        document: document('pathology-report', 'application/pdf', pdf.length),
        size: pdf.length,
        head: pdf,
      }),
    ).toEqual({ accepted: true, kind: 'pdf' });
    expect(
      validateUpload({
        record,
        document: document('imaging', 'application/dicom', dicom.length),
        size: dicom.length,
        head: dicom,
      }),
    ).toMatchObject({ accepted: true, kind: 'dicom', dicom: { modality: 'CT' } });
  });

  it.each([
    ['an empty file', 'pathology-report', 'application/pdf', 10, 0, Buffer.alloc(0), 'empty'],
    ['a file larger than announced', 'pathology-report', 'application/pdf', 10, 20, pdf, 'size_mismatch'],
    [
      'HTML named .pdf',
      'pathology-report',
      'application/pdf',
      100,
      30,
      Buffer.from('<html>%PDF-1.4 fake</html>'),
      'unknown_type',
    ],
    [
      'DICOM for the pathology item',
      'pathology-report',
      'application/pdf',
      dicom.length,
      dicom.length,
      dicom,
      'not_accepted_for_item',
    ],
    [
      'a PDF announced as DICOM',
      'imaging',
      'application/dicom',
      pdf.length,
      pdf.length,
      pdf,
      'type_mismatch',
    ],
  ])('rejects %s', (_, itemId, contentType, declared, size, head, code) => {
    const verdict = validateUpload({
      record,
      document: document(itemId as DocumentRecord['itemId'], contentType, declared),
      size,
      head,
    });
    expect(verdict).toMatchObject({ accepted: false, code });
    expect((verdict as { reason: string }).reason).toMatch(/\.$/);
  });
});
