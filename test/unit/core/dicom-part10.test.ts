import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DicomSummary, readDicomHeader } from '../../../functions/core/dicom';
import {
  dataSetOffset,
  FALLBACK_SOP_CLASS_UID,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  needsPart10Wrap,
  part10Prefix,
} from '../../../functions/core/dicom-part10';
import { makeDicom } from '../../../scripts/fixtures';

const fixtures = join(import.meta.dirname, '../../fixtures');
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
const metaEnd = (file: Uint8Array) => 144 + Buffer.from(file).readUInt32LE(140);
const DCMDUMP = '/usr/bin/dcmdump';
const scratch = mkdtempSync(join(tmpdir(), 'oso-part10-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const wrap = (original: Uint8Array) => {
  const summary = readDicomHeader(original, original.length);
  return {
    summary,
    wrapped: Buffer.concat([part10Prefix(summary), original.subarray(dataSetOffset(summary))]),
  };
};

/** The wrapped data sets: real files without preamble, and real data sets cut out of Part 10 files. */
const cases: [string, () => Uint8Array][] = [
  [
    'pydicom ExplVR_LitEndNoMeta (explicit VR LE)',
    () => read('dicom-corpus/pydicom/ExplVR_LitEndNoMeta.dcm'),
  ],
  [
    'pydicom ExplVR_BigEndNoMeta (explicit VR BE)',
    () => read('dicom-corpus/pydicom/ExplVR_BigEndNoMeta.dcm'),
  ],
  ['pydicom rtstruct (implicit VR LE)', () => read('dicom-corpus/pydicom/rtstruct.dcm')],
  [
    'fo-dicom CR-MONO1-10-chest (implicit VR LE, ACR-NEMA style)',
    () => read('dicom-corpus/fo-dicom/CR-MONO1-10-chest'),
  ],
  [
    'MR_small data set (explicit VR LE)',
    () => read('dicom/MR_small.dcm').subarray(metaEnd(read('dicom/MR_small.dcm'))),
  ],
  [
    'MR_small_implicit data set (implicit VR LE)',
    () => read('dicom/MR_small_implicit.dcm').subarray(metaEnd(read('dicom/MR_small_implicit.dcm'))),
  ],
  [
    'MR_small_bigendian data set (explicit VR BE)',
    () => read('dicom/MR_small_bigendian.dcm').subarray(metaEnd(read('dicom/MR_small_bigendian.dcm'))),
  ],
  ['CT_small meta group without preamble', () => read('dicom-corpus/derived/CT_small-no-preamble.dcm')],
  [
    'MR_small_bigendian preamble without meta group',
    () => {
      const file = read('dicom/MR_small_bigendian.dcm');
      return Buffer.concat([file.subarray(0, 132), file.subarray(metaEnd(file))]);
    },
  ],
];

describe('part10Prefix', () => {
  it('writes 128 zero bytes, DICM and a File Meta group whose group length counts its elements', () => {
    const original = read('dicom/MR_small_implicit.dcm').subarray(
      metaEnd(read('dicom/MR_small_implicit.dcm')),
    );
    const { summary } = wrap(original);
    const prefix = Buffer.from(part10Prefix(summary));
    expect(prefix.subarray(0, 128).every((byte) => byte === 0)).toBe(true);
    expect(prefix.subarray(128, 132).toString('latin1')).toBe('DICM');
    // (0002,0000) UL 4: the length of everything after it.
    expect([...prefix.subarray(132, 140)]).toEqual([0x02, 0x00, 0x00, 0x00, 0x55, 0x4c, 0x04, 0x00]);
    expect(prefix.readUInt32LE(140)).toBe(prefix.length - 144);
    // Every element of the group, in order, each of even length.
    const elements: [string, string, string][] = [];
    for (let at = 144; at < prefix.length; ) {
      const tag = `${prefix.readUInt16LE(at).toString(16).padStart(4, '0')},${prefix
        .readUInt16LE(at + 2)
        .toString(16)
        .padStart(4, '0')}`;
      const vr = prefix.subarray(at + 4, at + 6).toString('latin1');
      const long = vr === 'OB';
      const length = long ? prefix.readUInt32LE(at + 8) : prefix.readUInt16LE(at + 6);
      const start = at + (long ? 12 : 8);
      expect(length % 2, tag).toBe(0);
      elements.push([
        tag,
        vr,
        prefix
          .subarray(start, start + length)
          .toString('latin1')
          .replace(/[\0 ]+$/, ''),
      ]);
      at = start + length;
    }
    expect(elements).toEqual([
      ['0002,0001', 'OB', '\0\x01'],
      ['0002,0002', 'UI', '1.2.840.10008.5.1.4.1.1.4'],
      ['0002,0003', 'UI', '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457'],
      ['0002,0010', 'UI', '1.2.840.10008.1.2'],
      ['0002,0012', 'UI', IMPLEMENTATION_CLASS_UID],
      ['0002,0013', 'SH', IMPLEMENTATION_VERSION_NAME],
    ]);
    expect(IMPLEMENTATION_CLASS_UID).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(IMPLEMENTATION_CLASS_UID.length).toBeLessThanOrEqual(64);
    expect(IMPLEMENTATION_VERSION_NAME.length).toBeLessThanOrEqual(16);
  });

  it('names Secondary Capture when the data set states no SOP Class, and refuses a Part 10 file', () => {
    const summary: DicomSummary = {
      sopInstanceUid: '1.2.3.4',
      studyInstanceUid: '1.2.3',
      seriesInstanceUid: '1.2.3.1',
      transferSyntaxUid: '1.2.840.10008.1.2',
      encoding: { preamble: false, metaGroup: false },
    };
    expect(Buffer.from(part10Prefix(summary)).includes(Buffer.from(FALLBACK_SOP_CLASS_UID))).toBe(true);
    const part10 = readDicomHeader(makeDicom(), makeDicom().length);
    expect(needsPart10Wrap(part10)).toBe(false);
    expect(() => part10Prefix(part10)).toThrow();
    // Only the preamble is missing: the original meta group is kept, the prefix is 132 bytes.
    expect(part10Prefix({ ...summary, encoding: { preamble: false, metaGroup: true } })).toHaveLength(132);
  });

  it.each(cases)(
    'wraps %s into a file readDicomHeader reads as Part 10, with the same identifiers',
    (_, source) => {
      const original = source();
      const { summary, wrapped } = wrap(original);
      expect(needsPart10Wrap(summary)).toBe(true);
      const again = readDicomHeader(wrapped, wrapped.length);
      expect(again).not.toHaveProperty('encoding');
      const { encoding: _encoding, ...rest } = summary;
      expect(again).toEqual({
        ...rest,
        ...(summary.sopClassUid ? {} : { sopClassUid: FALLBACK_SOP_CLASS_UID }),
      });
    },
  );

  it.skipIf(!existsSync(DCMDUMP)).each(cases)(
    'wraps %s into a Part 10 file dcmtk reads with the same identifiers (needs dcmtk)',
    (name, source) => {
      const original = source();
      const { summary, wrapped } = wrap(original);
      const path = join(scratch, `${name.replace(/\W+/g, '_')}.dcm`);
      writeFileSync(path, wrapped);
      // +fo: only a Part 10 file (preamble, DICM, meta group) is read, nothing guessed.
      const dump = spawnSync(DCMDUMP, ['+fo', '-M', '-Un', path], { encoding: 'utf8' });
      expect(dump.status, dump.stderr).toBe(0);
      expect(dump.stderr).not.toMatch(/^[EF]:/m);
      const value = (tag: string) =>
        new RegExp(`^\\(${tag}\\) \\w\\w \\[([^\\]]*)\\]`, 'm').exec(dump.stdout)?.[1];
      expect({
        mediaStorageSopInstance: value('0002,0003'),
        transferSyntax: value('0002,0010'),
        sopInstance: value('0008,0018'),
        study: value('0020,000d'),
        series: value('0020,000e'),
      }).toEqual({
        mediaStorageSopInstance: summary.sopInstanceUid,
        transferSyntax: summary.transferSyntaxUid,
        sopInstance: summary.sopInstanceUid,
        study: summary.studyInstanceUid,
        series: summary.seriesInstanceUid,
      });
      // dcmtk read the data set in the transfer syntax the meta group names, to its end.
      expect(dump.stdout).toMatch(/# Dicom-Meta-Information-Header/);
      if (summary.rows) expect(dump.stdout).toMatch(/^\(7fe0,0010\)/m);
    },
  );
});
