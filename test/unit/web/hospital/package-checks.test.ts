import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../../../functions/core/package-content';
import { hasDicomMagic, isDicomDir, nameVerdict } from '../../../../web/hospital/archive/dicom-names';
import { archiveNames } from '../../../../web/hospital/download/archive-names';
import { ManifestMismatch } from '../../../../web/hospital/download/errors';
import {
  canonicalJson,
  type ListedFile,
  verifyManifest,
} from '../../../../web/hospital/download/manifest-check';

const sha = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');
const digestOf = async (text: string) => sha(text);

const content: ListedFile[] = [
  { fileId: 'doc_1', fileName: 'pathology.pdf', category: 'pathology-report', size: 10, sha256: sha('a') },
  { fileId: 'doc_2', fileName: 'ct.dcm', category: 'imaging', size: 20, sha256: sha('b') },
];
const manifest = buildManifest('case_1', 1, '2026-12-02T00:00:00.000Z', [
  ...content.map(({ fileId, fileName, category, size, sha256 }) => ({
    fileId,
    fileName,
    category,
    size,
    sha256,
  })),
]);
const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
const manifestFile: ListedFile = {
  fileId: 'manifest',
  fileName: 'manifest.json',
  category: 'manifest',
  size: manifestBytes.length,
  sha256: sha(manifestBytes),
};
const listed = [...content, manifestFile];

describe('the portal’s package checks', () => {
  it('writes canonical JSON: keys sorted at every level, undefined dropped, text as JSON writes it', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: '中' }] })).toBe('{"a":[{"c":"中"}],"b":1}');
    // Whatever the key order, the same value gives the same text (the digest's premise).
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a manifest that vouches for exactly the listed files', async () => {
    await expect(
      verifyManifest('case_1', manifestFile, manifestBytes, listed, digestOf),
    ).resolves.toBeUndefined();
  });

  it('refuses a listing or a manifest that disagree, naming the file', async () => {
    const cases: [string, ListedFile[], Uint8Array, string, RegExp][] = [
      [
        'other sha',
        listed.map((file) => (file.fileId === 'doc_2' ? { ...file, sha256: sha('c') } : file)),
        manifestBytes,
        'ct.dcm',
        /differs from its manifest entry/,
      ],
      [
        'other name',
        listed.map((file) => (file.fileId === 'doc_1' ? { ...file, fileName: 'x.pdf' } : file)),
        manifestBytes,
        'x.pdf',
        /differs/,
      ],
      [
        'missing file',
        listed.filter((file) => file.fileId !== 'doc_1'),
        manifestBytes,
        'pathology.pdf',
        /not in the package/,
      ],
      [
        'unvouched file',
        [
          ...listed,
          { fileId: 'doc_3', fileName: 'extra.pdf', category: 'imaging', size: 1, sha256: sha('d') },
        ],
        manifestBytes,
        'extra.pdf',
        /not in the manifest/,
      ],
      [
        'edited manifest',
        listed,
        new TextEncoder().encode(
          JSON.stringify({
            ...manifest,
            files: manifest.files.map((file) => ({ ...file, size: file.size + 1 })),
          }),
        ),
        'manifest.json',
        /package digest/,
      ],
      ['not json', listed, new TextEncoder().encode('{"caseId":'), 'manifest.json', /not JSON/],
    ];
    for (const [label, files, bytes, fileName, reason] of cases) {
      const failure = await verifyManifest('case_1', manifestFile, bytes, files, digestOf).catch(
        (error) => error,
      );
      expect(failure, label).toBeInstanceOf(ManifestMismatch);
      expect(failure.fileName, label).toBe(fileName);
      expect(failure.message, label).toMatch(reason);
    }
    const otherCase = await verifyManifest('case_2', manifestFile, manifestBytes, listed, digestOf).catch(
      (e) => e,
    );
    expect(otherCase.message).toMatch(/another case/);
  });

  it('names archive entries safely and once each', () => {
    const names = archiveNames([
      { fileId: 'a', fileName: 'report.pdf' },
      { fileId: 'b', fileName: 'REPORT.pdf' },
      { fileId: 'c', fileName: '../../etc/passwd' },
      { fileId: 'd', fileName: '...' },
      { fileId: 'e', fileName: '病理报告.pdf' },
    ]);
    expect([...names.values()]).toEqual([
      'report.pdf',
      'b-REPORT.pdf',
      '_.._etc_passwd',
      'd',
      '病理报告.pdf',
    ]);
  });
});

describe('what a disc entry’s name and first bytes say', () => {
  it('takes .dcm as DICOM, skips the disc’s other files, and leaves extension-less names to the bytes', () => {
    expect(nameVerdict('DICOM/IM0001')).toBe('unknown');
    expect(nameVerdict('DICOM/1.2.840.113619.2.55.3')).toBe('unknown');
    expect(nameVerdict('export/Scan.DCM')).toBe('dicom');
    expect(nameVerdict('README.TXT')).toBe('not-dicom');
    expect(nameVerdict('viewer/Viewer.exe')).toBe('not-dicom');
    expect(nameVerdict('__MACOSX/DICOM/._IM0001')).toBe('not-dicom');
    expect(isDicomDir('DICOMDIR')).toBe(true);
    expect(isDicomDir('disc1/dicomdir')).toBe(true);
    expect(isDicomDir('DICOM/IM0001')).toBe(false);
  });

  it('finds DICM at offset 128 and nowhere else', () => {
    const head = new Uint8Array(132);
    head.set([0x44, 0x49, 0x43, 0x4d], 128);
    expect(hasDicomMagic(head)).toBe(true);
    expect(hasDicomMagic(head.subarray(0, 131))).toBe(false);
    const shifted = new Uint8Array(132);
    shifted.set([0x44, 0x49, 0x43, 0x4d], 0);
    expect(hasDicomMagic(shifted)).toBe(false);
  });
});
