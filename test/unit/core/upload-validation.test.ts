import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CaseRecord, DocumentRecord } from '../../../functions/core/case/record';
import { MAX_DICOM_READ_BYTES } from '../../../functions/core/dicom';
import { SNIFF_BYTES } from '../../../functions/core/file-type';
import {
  LONG_HEADER_BYTES,
  validateUpload,
  validateUploadFromReads,
} from '../../../functions/core/upload-validation';
import { largeDicom, makeDicom, makePdf } from '../../../scripts/fixtures';

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

describe('validateUpload of DICOM written without the Part 10 preamble', () => {
  const file = new Uint8Array(
    readFileSync(join(import.meta.dirname, '../../fixtures/dicom/MR_small_implicit.dcm')),
  );
  const metaEnd = 144 + Buffer.from(file).readUInt32LE(140);
  const dataSet = file.subarray(metaEnd);

  it('accepts it as DICOM (it used to be refused as dicom_without_preamble) and says how it is encoded', () => {
    const verdict = validateUpload({
      record,
      document: document('imaging', 'application/dicom', dataSet.length),
      size: dataSet.length,
      head: dataSet,
    });
    expect(verdict).toMatchObject({
      accepted: true,
      kind: 'dicom',
      dicom: {
        studyInstanceUid: '1.3.6.1.4.1.5962.1.2.4.20040826185059.5457',
        transferSyntaxUid: '1.2.840.10008.1.2',
        encoding: { preamble: false, metaGroup: false },
      },
    });
  });

  it('checks it the same way: a cut one is refused as truncated', () => {
    const cut = dataSet.subarray(0, dataSet.length - 100);
    expect(
      validateUpload({
        record,
        document: document('imaging', 'application/dicom', cut.length),
        size: cut.length,
        head: cut,
      }),
    ).toMatchObject({ accepted: false, code: 'dicom_truncated', reason: expect.stringMatching(/truncated/) });
  });
});

describe('validateUploadFromReads', () => {
  const judge = async (file: Uint8Array) => {
    const reads: number[] = [];
    const verdict = await validateUploadFromReads({
      record,
      document: document('imaging', 'application/dicom', file.length),
      size: file.length,
      read: async (length) => {
        reads.push(length);
        return file.subarray(0, length);
      },
    });
    return { verdict, reads };
  };

  /**
   * A Part 10 file whose pixel data (`pixelBytes` of it) comes after `privateBytes` of a private
   * OB element (random, as a vendor's blob: it does not deflate away).
   */
  const withLongHeader = (privateBytes: number, pixelBytes = 8192) => {
    const file = makeDicom();
    const at = file.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
    const header = Buffer.from([0x09, 0x00, 0x10, 0x10, 0x4f, 0x42, 0, 0, 0, 0, 0, 0]);
    header.writeUInt32LE(privateBytes, 8);
    const pixels = Buffer.from(file.subarray(at, at + 12));
    pixels.writeUInt32LE(pixelBytes, 8);
    return Buffer.concat([
      file.subarray(0, at),
      header,
      randomBytes(privateBytes),
      pixels,
      Buffer.alloc(pixelBytes, 0x22),
    ]);
  };

  it('reads the first 64 KB only, for nearly every file', async () => {
    const { verdict, reads } = await judge(largeDicom(5 * 1024 * 1024));
    expect(verdict).toMatchObject({ accepted: true, kind: 'dicom' });
    expect(reads).toEqual([SNIFF_BYTES]);
    expect((await judge(makePdf(['report']))).reads).toEqual([makePdf(['report']).length]);
  });

  it('reads 1 MB when the header goes on past 64 KB, and up to its cap past that', async () => {
    const long = withLongHeader(200 * 1024, 4 * 1024 * 1024);
    expect(await judge(long)).toMatchObject({
      verdict: { accepted: true, dicom: { modality: 'CT' } },
      reads: [SNIFF_BYTES, LONG_HEADER_BYTES],
    });
    const longer = withLongHeader(3 * 1024 * 1024, 40 * 1024 * 1024);
    expect(await judge(longer)).toMatchObject({
      verdict: { accepted: true },
      reads: [SNIFF_BYTES, LONG_HEADER_BYTES, MAX_DICOM_READ_BYTES],
    });
    // Short files are read whole at the second step: a read never asks for more than the file.
    const short = withLongHeader(200 * 1024);
    expect(await judge(short)).toMatchObject({
      verdict: { accepted: true },
      reads: [SNIFF_BYTES, short.length],
    });
    // A header that does not end within the cap is refused, not passed unchecked.
    const endless = withLongHeader(MAX_DICOM_READ_BYTES, 1024);
    expect(await judge(endless)).toMatchObject({
      verdict: { accepted: false, code: 'dicom_header_too_long' },
      reads: [SNIFF_BYTES, LONG_HEADER_BYTES, MAX_DICOM_READ_BYTES],
    });
  });

  it('never reads past the file, and stops escalating once the file is read whole', async () => {
    const small = makeDicom();
    const cut = small.subarray(0, 400);
    expect(await judge(cut)).toMatchObject({ verdict: { code: 'dicom_truncated' }, reads: [cut.length] });
  });

  it('reads a deflated file whole (it can only be checked inflated) and judges a cut one truncated', async () => {
    const plain = withLongHeader(100 * 1024);
    const metaEnd = 144 + plain.readUInt32LE(140);
    const meta = Buffer.from(plain.subarray(0, metaEnd));
    const syntaxAt = meta.indexOf('1.2.840.10008.1.2.1');
    // The meta group names the deflated transfer syntax: same length once the UID is padded.
    const deflatedMeta = Buffer.concat([
      meta.subarray(0, syntaxAt - 2),
      Buffer.from([24, 0]),
      Buffer.from('1.2.840.10008.1.2.1.99\0', 'latin1').subarray(0, 22),
      Buffer.from([0, 0]),
    ]);
    deflatedMeta.writeUInt32LE(deflatedMeta.length - 144 + (meta.length - syntaxAt - 20), 140);
    const file = Buffer.concat([
      deflatedMeta,
      meta.subarray(syntaxAt + 20),
      deflateRawSync(plain.subarray(metaEnd)),
    ]);
    expect(file.length).toBeGreaterThan(SNIFF_BYTES + 1);
    expect(await judge(file)).toMatchObject({
      verdict: { accepted: true, dicom: { deflated: true, modality: 'CT' } },
      reads: [SNIFF_BYTES, file.length],
    });
    const cut = file.subarray(0, file.length - 10);
    expect(await judge(cut)).toMatchObject({ verdict: { accepted: false, code: 'dicom_truncated' } });
  });

  it('refuses a deflated file larger than it may inflate, without reading it', async () => {
    const head = Buffer.from(
      readFileSync(join(import.meta.dirname, '../../fixtures/dicom-corpus/pydicom/image_dfl.dcm')),
    );
    const verdict = await validateUploadFromReads({
      record,
      document: document('imaging', 'application/dicom', MAX_DICOM_READ_BYTES + 1),
      size: MAX_DICOM_READ_BYTES + 1,
      read: async (length) => {
        expect(length).toBe(SNIFF_BYTES);
        return head.subarray(0, length);
      },
    });
    expect(verdict).toMatchObject({ accepted: false, code: 'dicom_deflated_too_large' });
  });

  it('reads a file up to 1 MB whole when its pixel data goes on past 64 KB, so a cut one is truncated', async () => {
    const corpus = (name: string) =>
      new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/dicom-corpus', name)));
    const whole = corpus('pydicom/examples_ybr_color.dcm');
    expect(await judge(whole)).toMatchObject({
      verdict: { accepted: true },
      reads: [SNIFF_BYTES, whole.length],
    });
    const cut = corpus('derived/examples_ybr_color-cut-in-fragments.dcm');
    expect(await judge(cut)).toMatchObject({
      verdict: { accepted: false, code: 'dicom_truncated' },
      reads: [SNIFF_BYTES, cut.length],
    });
    expect(((await judge(whole)).verdict as { dicom: object }).dicom).not.toHaveProperty('uncheckedTail');
  });

  it('leaves the pixel data of a larger file to the stream check, and says where it goes on', async () => {
    const file = largeDicom(3 * 1024 * 1024);
    const padded = Buffer.concat([
      file,
      Buffer.from([0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0, 2, 0, 0, 0, 0, 0]),
    ]);
    const { verdict, reads } = await judge(padded);
    expect(reads).toEqual([SNIFF_BYTES]);
    expect(verdict).toMatchObject({
      accepted: true,
      dicom: { uncheckedTail: { from: file.length, fragments: false, explicitVr: true, littleEndian: true } },
    });
  });
});
