import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DicomSummary } from '../../../functions/core/dicom';
import {
  DiscEntryError,
  type EntryOutcome,
  inflatePrefix,
  judgeHeader,
  localDataOffset,
  mayBeImage,
  readDicomdir,
  resolveDicomdir,
  summarizeDisc,
} from '../../../functions/core/disc-images';
import type { ZipEntry } from '../../../functions/core/zip-index';
import { makeDicom, makeZip } from '../../../scripts/fixtures';

const fixtureDicomdir = readFileSync(join(import.meta.dirname, '../../fixtures/disc/DICOMDIR'));
const study = '1.2.826.0.1.3680043.8.498.18.1';

const entry = (name: string, overrides: Partial<ZipEntry> = {}): ZipEntry => ({
  name,
  compressedSize: 1000,
  uncompressedSize: 1000,
  method: 0,
  crc32: 0,
  localHeaderOffset: 0,
  encrypted: false,
  isDirectory: name.endsWith('/'),
  isLink: false,
  ...overrides,
});

const problemOf = (run: () => unknown) => {
  try {
    run();
    return 'none';
  } catch (error) {
    expect(error).toBeInstanceOf(DiscEntryError);
    return (error as DiscEntryError).problem;
  }
};

describe('which entries may be images', () => {
  it('reads DICOM-looking names and names it does not know, skips what a disc carries besides images', () => {
    for (const name of [
      'DICOM/IM0001',
      'DICOM/ST1/SE1/IM1',
      'IMAGES/CT.1.2.3.dcm',
      'scan.IMA',
      'X/Y/0001.bin',
    ]) {
      expect(mayBeImage(entry(name)), name).toBe(true);
    }
    for (const name of [
      'DICOM/',
      'DICOMDIR',
      'disc/DICOMDIR',
      'README.TXT',
      'index.htm',
      'Viewer/viewer.exe',
      'Viewer/lib/codec.DLL',
      'AUTORUN.INF',
      'report.pdf',
      'thumbs/0001.JPG',
      '__MACOSX/DICOM/._IM0001',
      'DICOM/._IM0001',
      'DICOM/.DS_Store',
      'DICOM/Thumbs.db',
    ]) {
      expect(mayBeImage(entry(name)), name).toBe(false);
    }
    expect(mayBeImage(entry('DICOM/IM0002', { uncompressedSize: 0 }))).toBe(false);
  });
});

describe('local file headers', () => {
  const zip = makeZip([
    { name: 'DICOM/IM1', data: Buffer.alloc(40, 1) },
    { name: 'DICOM/IM2', data: Buffer.alloc(40, 2), deflate: true },
  ]);
  const second = 30 + 'DICOM/IM1'.length + 40;

  it('finds where the data starts from the name and extra field lengths', () => {
    expect(localDataOffset(zip.subarray(0, 30), entry('DICOM/IM1'))).toBe(39);
    expect(localDataOffset(zip.subarray(second), entry('DICOM/IM2', { method: 8 }))).toBe(39);
  });

  it('refuses a header that is missing, cut short, or disagrees with the directory on the method', () => {
    expect(problemOf(() => localDataOffset(zip.subarray(1), entry('DICOM/IM1')))).toBe('damaged_entry');
    expect(problemOf(() => localDataOffset(zip.subarray(0, 20), entry('DICOM/IM1')))).toBe('damaged_entry');
    expect(problemOf(() => localDataOffset(zip, entry('DICOM/IM1', { method: 8 })))).toBe('damaged_entry');
    const encrypted = Buffer.from(zip);
    encrypted.writeUInt16LE(encrypted.readUInt16LE(6) | 1, 6);
    expect(problemOf(() => localDataOffset(encrypted, entry('DICOM/IM1')))).toBe('unsupported_entry');
  });
});

describe('partial inflate of a deflated entry', () => {
  const file = makeDicom({ rows: 128, columns: 128 });
  const compressed = deflateRawSync(file);

  it('inflates a prefix of the stream to the same first bytes as the whole file', () => {
    const { bytes, cut } = inflatePrefix(compressed.subarray(0, 2000), 1024 * 1024);
    expect(cut).toBe(false);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(Buffer.from(bytes).equals(file.subarray(0, bytes.length))).toBe(true);
    expect(Buffer.from(inflatePrefix(compressed, 1024 * 1024).bytes).equals(file)).toBe(true);
  });

  it('stays within its limit however compressible the data, still giving the first bytes', () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const { bytes, cut } = inflatePrefix(deflateRawSync(zeros), 64 * 1024);
    expect(cut).toBe(true);
    expect(bytes.length).toBeLessThanOrEqual(64 * 1024);
    expect(bytes.length).toBeGreaterThan(60 * 1024); // bisected to nearly the limit
    expect(bytes.every((byte) => byte === 0)).toBe(true);
  });

  it('calls data that is not a deflate stream a damaged entry', () => {
    expect(problemOf(() => inflatePrefix(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), 1024))).toBe(
      'damaged_entry',
    );
  });
});

describe('the DICOMDIR', () => {
  it('reads the file-referencing records of a DICOMDIR written by dcmtk (dcmmkdir)', () => {
    expect(readDicomdir(fixtureDicomdir)).toEqual([
      ...[1, 2, 3].map((n) => ({
        fileId: `DICOM/SE1/IM${n}`,
        recordType: 'IMAGE',
        sopInstanceUid: `${study}.1.${n}`,
      })),
      ...[1, 2].map((n) => ({
        fileId: `DICOM/SE2/IM${n}`,
        recordType: 'IMAGE',
        sopInstanceUid: `${study}.2.${n}`,
      })),
    ]);
  });

  it('refuses an image, a file cut short and bytes that are not DICOM as a DICOMDIR', () => {
    expect(problemOf(() => readDicomdir(makeDicom()))).toBe('dicomdir_unreadable');
    expect(problemOf(() => readDicomdir(fixtureDicomdir.subarray(0, 700)))).toBe('dicomdir_unreadable');
    expect(problemOf(() => readDicomdir(Buffer.from('not a dicomdir at all')))).toBe('dicomdir_unreadable');
  });

  it('resolves file IDs from the DICOMDIR’s own folder, ignoring case, and counts files the archive lacks', () => {
    const entries = [
      entry('disc/'),
      entry('disc/DICOMDIR'),
      entry('disc/dicom/se1/im1'),
      entry('disc/DICOM/SE1/IM2.'),
      entry('DICOM/SE1/IM3'), // outside the DICOMDIR's folder: not what it references
    ];
    const references = resolveDicomdir(entries, [
      {
        entry: 1,
        records: [
          { fileId: 'DICOM/SE1/IM1', sopInstanceUid: 'a' },
          { fileId: 'DICOM/SE1/IM2', sopInstanceUid: 'b' },
          { fileId: 'DICOM/SE1/IM3', sopInstanceUid: 'c' },
        ],
      },
    ]);
    expect(
      [...references.byEntry.entries()].map(([index, record]) => [index, record.sopInstanceUid]),
    ).toEqual([
      [2, 'a'],
      [3, 'b'],
    ]);
    expect(references.missing).toBe(1);
  });
});

describe('the verdict on an entry’s first bytes', () => {
  const file = makeDicom({ rows: 64, columns: 64 });
  const facts = { whole: false, last: false, expected: false };

  it('reads an image from its first bytes, checked against its uncompressed size', () => {
    const verdict = judgeHeader(file.subarray(0, 600), file.length, facts);
    expect(verdict).toMatchObject({
      kind: 'image',
      summary: { sopInstanceUid: '1.2.826.0.1.3680043.8.498.1001' },
    });
  });

  it('calls an image whose entry is shorter than its pixel data truncated', () => {
    const cut = file.subarray(0, file.length - 100);
    expect(judgeHeader(cut.subarray(0, 600), cut.length, facts)).toEqual({ kind: 'truncated' });
  });

  it('asks for more bytes while a later stage can give them, then calls the header too long', () => {
    const head = file.subarray(0, 200);
    expect(judgeHeader(head, file.length, facts)).toEqual({ kind: 'more' });
    expect(judgeHeader(head, file.length, { ...facts, last: true })).toEqual({
      kind: 'problem',
      problem: 'header_too_long',
    });
    // Every byte of the entry, yet shorter than the directory says: the archive is damaged.
    expect(judgeHeader(head, file.length, { ...facts, whole: true, last: true })).toEqual({
      kind: 'problem',
      problem: 'damaged_entry',
    });
  });

  it('tells a file that is not DICOM from an image that should have been', () => {
    const text = Buffer.from('x'.repeat(400));
    expect(judgeHeader(text, text.length, facts)).toEqual({ kind: 'not_image' });
    expect(judgeHeader(text, text.length, { ...facts, expected: true })).toEqual({
      kind: 'problem',
      problem: 'not_dicom',
    });
    expect(judgeHeader(fixtureDicomdir, fixtureDicomdir.length, { ...facts, expected: true })).toEqual({
      kind: 'not_image',
    });
  });
});

describe('the disc’s summary', () => {
  const summary = (sopInstanceUid: string): DicomSummary => ({
    sopInstanceUid,
    studyInstanceUid: '1.2',
    seriesInstanceUid: '1.2.3',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
  });

  it('keeps one instance per SOP Instance UID in directory order, and counts the repeats', () => {
    const outcomes: EntryOutcome[] = [
      { entry: 5, verdict: { kind: 'image', summary: summary('b') }, listedSopInstanceUid: 'b' },
      { entry: 2, verdict: { kind: 'image', summary: summary('a') }, listedSopInstanceUid: 'x' },
      { entry: 7, verdict: { kind: 'image', summary: summary('a') } },
      { entry: 3, verdict: { kind: 'truncated' } },
      { entry: 4, verdict: { kind: 'problem', problem: 'unreadable_header' } },
      { entry: 6, verdict: { kind: 'not_image' } },
    ];
    const disc = summarizeDisc(outcomes, {
      dicomdir: true,
      dicomdirMissing: 2,
      bytesRead: 100,
      requests: 7,
      skipped: 3,
      unreadableDicomdirs: [0],
    });
    expect(disc).toEqual({
      images: 3,
      dicomdir: true,
      instances: [summary('a'), summary('b')],
      truncated: [3],
      unreadable: [
        { entry: 0, problem: 'dicomdir_unreadable' },
        { entry: 4, problem: 'unreadable_header' },
      ],
      duplicates: 1,
      dicomdirMissing: 2,
      dicomdirMismatches: [2],
      otherFiles: 4,
      bytesRead: 100,
      requests: 7,
    });
  });
});
