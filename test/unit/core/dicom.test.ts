import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DicomError, MAX_DICOM_READ_BYTES, readDicomHeader } from '../../../functions/core/dicom';
import { makeDicom } from '../../../scripts/fixtures';

const fixtures = join(import.meta.dirname, '../../fixtures');
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
/** Where a Part 10 file's data set starts: after the preamble, `DICM` and the meta group. */
const metaEnd = (file: Uint8Array) => 144 + Buffer.from(file).readUInt32LE(140);
const DCMDUMP = '/usr/bin/dcmdump';
const MR_UIDS = {
  studyInstanceUid: '1.3.6.1.4.1.5962.1.2.4.20040826185059.5457',
  seriesInstanceUid: '1.3.6.1.4.1.5962.1.3.4.1.20040826185059.5457',
  sopInstanceUid: '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457',
};

const problemOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(DicomError);
    return (error as DicomError).problem;
  }
};

describe('readDicomHeader', () => {
  it('reads identifiers and facts from the header', () => {
    const file = makeDicom({ modality: 'MR', studyDate: '20261005' });
    expect(readDicomHeader(file, file.length)).toMatchObject({
      modality: 'MR',
      studyDate: '2026-10-05',
      bodyPartExamined: 'CHEST',
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.1',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1.1',
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.1001',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      rows: 64,
      columns: 64,
    });
  });

  it('reads the instance number when it is an integer, and leaves it out otherwise', () => {
    // (0020,0013) IS, spliced in before (0028,0010) so the elements stay in tag order.
    const withInstanceNumber = (value: string) => {
      const file = makeDicom();
      const at = file.indexOf(Buffer.from([0x28, 0x00, 0x10, 0x00, 0x55, 0x53]));
      const padded = Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1');
      const length = Buffer.alloc(2);
      length.writeUInt16LE(padded.length);
      const element = Buffer.concat([
        Buffer.from([0x20, 0x00, 0x13, 0x00]),
        Buffer.from('IS'),
        length,
        padded,
      ]);
      return Buffer.concat([file.subarray(0, at), element, file.subarray(at)]);
    };
    for (const [value, expected] of [
      ['42', 42],
      [' -3', -3],
      ['7.5', undefined],
      ['x', undefined],
    ] as const) {
      const file = withInstanceNumber(value);
      expect(readDicomHeader(file, file.length).instanceNumber).toBe(expected);
    }
    expect(readDicomHeader(makeDicom(), makeDicom().length)).not.toHaveProperty('instanceNumber');
  });

  it('reads only the header: a file whose first 64 KB are given is judged against its full size', () => {
    const file = makeDicom();
    const head = file.subarray(0, 600); // header plus the start of the pixel data
    expect(readDicomHeader(head, file.length).studyInstanceUid).toBe('1.2.826.0.1.3680043.8.498.1');
  });

  it.each([
    ['ISO_IR 100', Buffer.from('Müller^José', 'latin1'), 'Müller^José'],
    ['ISO_IR 192', Buffer.from('王^小明=Wang^Xiaoming', 'utf8'), '王^小明=Wang^Xiaoming'],
    ['GB18030', Buffer.from([0xcd, 0xf5, 0x5e, 0xd0, 0xa1, 0xc3, 0xf7]), '王^小明'],
  ])('decodes %s names', (characterSet, patientNameBytes, expected) => {
    const file = makeDicom({ characterSet, patientNameBytes });
    expect(readDicomHeader(file, file.length).patientName).toBe(expected);
  });

  it('rejects fake, truncated and incomplete files with a typed reason', () => {
    const file = makeDicom();
    expect(problemOf(() => readDicomHeader(Buffer.from('%PDF-1.4'), 8))).toBe('not_part10');
    expect(problemOf(() => readDicomHeader(file.subarray(128), file.length - 128))).toBe('not_part10');
    // The file ends halfway through its pixel data.
    expect(problemOf(() => readDicomHeader(file.subarray(0, 2000), 2000))).toBe('truncated');
    // It ends inside the header.
    expect(problemOf(() => readDicomHeader(file.subarray(0, 400), 400))).toBe('truncated');
    // Only part of a long header was read: the caller may read more.
    expect(problemOf(() => readDicomHeader(file.subarray(0, 400), file.length))).toBe('header_too_long');
    const garbage = Buffer.concat([file.subarray(0, 132), Buffer.alloc(200, 0xff)]);
    expect(problemOf(() => readDicomHeader(garbage, garbage.length))).not.toBe('accepted');
    const noUids = makeDicom({ studyInstanceUid: '' });
    expect(problemOf(() => readDicomHeader(noUids, noUids.length))).toBe('missing_identifiers');
  });

  it('never crashes on arbitrary bytes: it returns a summary or throws DicomError (10,000 runs)', () => {
    const valid = makeDicom();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          // Mutations of a real header: the interesting inputs are almost-valid ones.
          fc
            .tuple(
              fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
                maxLength: 20,
              }),
              fc.nat(valid.length),
            )
            .map(([edits, cut]) => {
              const copy = Buffer.from(valid);
              for (const [offset, value] of edits) copy[offset] = value;
              return new Uint8Array(copy.subarray(0, Math.max(cut, 132)));
            }),
        ),
        fc.nat(10_000_000),
        (bytes, extra) => {
          try {
            const summary = readDicomHeader(bytes, bytes.length + (extra % 2 === 0 ? 0 : extra));
            expect(typeof summary.studyInstanceUid).toBe('string');
          } catch (error) {
            if (!(error instanceof DicomError)) throw error;
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('readDicomHeader regressions found by fuzzing', () => {
  it('turns an element that runs past the bytes into a typed error (implicit VR read as explicit)', () => {
    // The fuzzer's case: one byte of the transfer syntax UID zeroed ("1.2.840.10008.1.2\01"
    // reads as implicit VR), and the file cut right after an explicit element header.
    const file = Buffer.from(makeDicom());
    const syntax = file.indexOf('1.2.840.10008.1.2.1');
    file[syntax + 17] = 0;
    const cut = file.indexOf(Buffer.from([0x08, 0x00, 0x16, 0x00, 0x55, 0x49])) + 8;
    const bytes = new Uint8Array(file.subarray(0, cut));
    expect(() => readDicomHeader(bytes, bytes.length)).toThrow(DicomError);
  });
});

describe('readDicomHeader on real files', () => {
  it.each([
    ['MR_small.dcm', '1.2.840.10008.1.2.1'],
    ['MR_small_implicit.dcm', '1.2.840.10008.1.2'],
    ['MR_small_bigendian.dcm', '1.2.840.10008.1.2.2'],
    ['MR_small_RLE.dcm', '1.2.840.10008.1.2.5'],
    ['MR_small_jpeg_ls_lossless.dcm', '1.2.840.10008.1.2.4.80'],
    ['MR_small_jp2klossless.dcm', '1.2.840.10008.1.2.4.90'],
  ])('reads %s (one MR image, transfer syntax %s)', (name, transferSyntaxUid) => {
    const file = read(`dicom/${name}`);
    const summary = readDicomHeader(file, file.length);
    expect(summary).toEqual({
      ...MR_UIDS,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      modality: 'MR',
      studyDate: '2004-08-26',
      instanceNumber: 1,
      transferSyntaxUid,
      patientName: 'CompressedSamples^MR1',
      patientSex: 'F',
      rows: 64,
      columns: 64,
    });
  });

  it('decodes the person name by the file’s character set, all three component groups', () => {
    expect(readDicomHeader(read('dicom/chrX1.dcm'), 1910).patientName).toBe('Wang^XiaoDong=王^小東=');
    expect(readDicomHeader(read('dicom/chrH31.dcm'), 1950).patientName).toBe(
      'Yamada^Tarou=山田^太郎=やまだ^たろう',
    );
    expect(readDicomHeader(read('dicom/chrI2.dcm'), 1934).patientName).toBe('Hong^Gildong=洪^吉洞=홍^길동');
  });

  it.skipIf(!existsSync(DCMDUMP))(
    'reads name, birth date and sex as dcmtk does, over the corpus files dcmtk converts (needs dcmtk)',
    () => {
      const corpus = JSON.parse(readFileSync(join(fixtures, 'dicom-corpus/corpus.json'), 'utf8')) as {
        file: string;
        expected: { verdict: string };
      }[];
      let compared = 0;
      for (const entry of corpus.filter((e) => e.expected.verdict === 'accepted')) {
        const path = join(fixtures, 'dicom-corpus', entry.file);
        const dump = spawnSync(
          DCMDUMP,
          ['-M', '+uc', '+U8', '+P', '0010,0010', '+P', '0010,0030', '+P', '0010,0040', path],
          {
            encoding: 'utf8',
          },
        );
        const value = (tag: string) => {
          const match = new RegExp(`^\\(${tag}\\) \\w\\w \\[(.*)\\]`, 'm').exec(dump.stdout);
          return match?.[1]?.trim() || undefined;
        };
        // dcmdump stops at the first value it cannot convert (its iconv lacks some ISO 2022 sets).
        if (dump.status !== 0) continue;
        const file = read(`dicom-corpus/${entry.file}`);
        const summary = readDicomHeader(file, file.length);
        const birth = value('0010,0030');
        expect(summary.patientBirthDate, entry.file).toBe(
          birth && /^\d{8}$/.test(birth)
            ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`
            : undefined,
        );
        const sex = value('0010,0040');
        expect(summary.patientSex, entry.file).toBe(sex && ['M', 'F', 'O'].includes(sex) ? sex : undefined);
        expect(summary.patientName, entry.file).toBe(value('0010,0010'));
        compared += 1;
      }
      expect(compared).toBeGreaterThan(50);
    },
  );

  it('reads the patient’s birth date and sex, and leaves out values that are not ones', () => {
    const withPatient = (birth: string, sex: string) => {
      // (0010,0030) DA and (0010,0040) CS after the name, before (0018,0015).
      const file = makeDicom();
      const at = file.indexOf(Buffer.from([0x18, 0x00, 0x15, 0x00]));
      const el = (tag: number[], vr: string, value: string) => {
        const padded = Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1');
        return Buffer.concat([Buffer.from(tag), Buffer.from(vr), Buffer.from([padded.length, 0]), padded]);
      };
      const file2 = Buffer.concat([
        file.subarray(0, at),
        el([0x10, 0x00, 0x30, 0x00], 'DA', birth),
        el([0x10, 0x00, 0x40, 0x00], 'CS', sex),
        file.subarray(at),
      ]);
      const summary = readDicomHeader(file2, file2.length);
      return [summary.patientBirthDate, summary.patientSex];
    };
    expect(withPatient('19610327', 'F')).toEqual(['1961-03-27', 'F']);
    expect(withPatient('19610327', 'M')).toEqual(['1961-03-27', 'M']);
    expect(withPatient('19610230', 'O')).toEqual([undefined, 'O']);
    expect(withPatient('1961', 'X')).toEqual([undefined, undefined]);
  });
});

describe('readDicomHeader on data sets without the Part 10 preamble', () => {
  it.each([
    ['MR_small.dcm', '1.2.840.10008.1.2.1'],
    ['MR_small_implicit.dcm', '1.2.840.10008.1.2'],
    ['MR_small_bigendian.dcm', '1.2.840.10008.1.2.2'],
  ])(
    'reads the data set of %s alone, in the transfer syntax it is written in (%s)',
    (name, transferSyntaxUid) => {
      const dataSet = read(`dicom/${name}`).subarray(metaEnd(read(`dicom/${name}`)));
      expect(readDicomHeader(dataSet, dataSet.length)).toMatchObject({
        ...MR_UIDS,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
        transferSyntaxUid,
        rows: 64,
        columns: 64,
        encoding: { preamble: false, metaGroup: false },
      });
    },
  );

  it('reads a meta group without the preamble, and a preamble without a meta group', () => {
    const file = read('dicom/MR_small_bigendian.dcm');
    const noPreamble = file.subarray(132);
    expect(readDicomHeader(noPreamble, noPreamble.length)).toMatchObject({
      ...MR_UIDS,
      transferSyntaxUid: '1.2.840.10008.1.2.2',
      encoding: { preamble: false, metaGroup: true },
    });
    const noMeta = Buffer.concat([file.subarray(0, 132), file.subarray(metaEnd(file))]);
    expect(readDicomHeader(noMeta, noMeta.length)).toMatchObject({
      ...MR_UIDS,
      transferSyntaxUid: '1.2.840.10008.1.2.2',
      encoding: { preamble: true, metaGroup: false },
    });
  });

  it('judges a cut data set as a Part 10 file: more to read, or truncated', () => {
    const dataSet = read('dicom/MR_small_implicit.dcm').subarray(
      metaEnd(read('dicom/MR_small_implicit.dcm')),
    );
    expect(problemOf(() => readDicomHeader(dataSet.subarray(0, 300), dataSet.length))).toBe(
      'header_too_long',
    );
    expect(problemOf(() => readDicomHeader(dataSet.subarray(0, 301), 301))).toBe('truncated');
    // Cut between two elements before the pixel data: a complete (pixel-less) data set, as dcmtk
    // reads it too; real files carry an image description without pixels.
    const beforePixels = dataSet.subarray(0, dataSet.length - 8192 - 8);
    expect(problemOf(() => readDicomHeader(beforePixels, beforePixels.length))).toBe('accepted');
    const cutInPixels = dataSet.subarray(0, dataSet.length - 1);
    expect(problemOf(() => readDicomHeader(cutInPixels, cutInPixels.length))).toBe('truncated');
    const noUids = makeDicom({ studyInstanceUid: '' }).subarray(metaEnd(makeDicom({ studyInstanceUid: '' })));
    expect(problemOf(() => readDicomHeader(noUids, noUids.length))).toBe('missing_identifiers');
  });
});

describe('readDicomHeader on each layout the fixtures write', () => {
  it.each([
    ['part10', undefined, undefined],
    ['deflated', '1.2.840.10008.1.2.1.99', undefined],
    ['no-preamble', '1.2.840.10008.1.2.1', { preamble: false, metaGroup: true }],
    ['data-set-only', '1.2.840.10008.1.2.1', { preamble: false, metaGroup: false }],
  ] as const)('reads a %s file with its patient', (layout, transferSyntaxUid, encoding) => {
    const file = makeDicom({
      layout,
      patientName: 'Demo^Amina',
      patientBirthDate: '19700102',
      patientSex: 'F',
    });
    const summary = readDicomHeader(file, file.length);
    expect(summary).toMatchObject({
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.1',
      transferSyntaxUid: transferSyntaxUid ?? '1.2.840.10008.1.2.1',
      patientName: 'Demo^Amina',
      patientBirthDate: '1970-01-02',
      patientSex: 'F',
      rows: 64,
    });
    expect(summary.encoding).toEqual(encoding);
    expect(summary.deflated).toBe(layout === 'deflated' ? true : undefined);
  });
});

describe('readDicomHeader on deflated files', () => {
  const deflated = read('dicom-corpus/pydicom/image_dfl.dcm');

  it('inflates the data set and reads it', () => {
    expect(readDicomHeader(deflated, deflated.length)).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2.1.99',
      deflated: true,
      modality: expect.any(String),
      studyInstanceUid: expect.stringMatching(/^[\d.]+$/),
    });
    expect(readDicomHeader(deflated, deflated.length)).not.toHaveProperty('encoding');
  });

  it('asks for the whole file, refuses one too large to inflate, and judges a cut stream truncated', () => {
    expect(problemOf(() => readDicomHeader(deflated.subarray(0, 1000), deflated.length))).toBe(
      'header_too_long',
    );
    expect(problemOf(() => readDicomHeader(deflated.subarray(0, 1000), MAX_DICOM_READ_BYTES + 1))).toBe(
      'deflated_too_large',
    );
    const cut = deflated.subarray(0, deflated.length - 200);
    expect(problemOf(() => readDicomHeader(cut, cut.length))).toBe('truncated');
    const damaged = Buffer.from(deflated);
    damaged.fill(0xff, metaEnd(deflated), metaEnd(deflated) + 16);
    expect(problemOf(() => readDicomHeader(damaged, damaged.length))).toBe('unreadable_header');
  });
});

describe('readDicomHeader on encapsulated pixel data', () => {
  const whole = read('dicom-corpus/dicomParser/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm');

  it('walks the fragments it has read: a file cut between or inside them is truncated', () => {
    expect(problemOf(() => readDicomHeader(whole, whole.length))).toBe('accepted');
    const cut = read('dicom-corpus/derived/CT0012-jpeg-cut-between-frames.dcm');
    expect(problemOf(() => readDicomHeader(cut, cut.length))).toBe('truncated');
    const inFragment = whole.subarray(0, whole.length - 3000);
    expect(problemOf(() => readDicomHeader(inFragment, inFragment.length))).toBe('truncated');
    // Read in part, with the fragments going on past what was read: not judged from the head.
    expect(problemOf(() => readDicomHeader(whole.subarray(0, 20000), whole.length))).toBe('accepted');
  });
});

describe('readDicomHeader fuzzed on the other layouts', () => {
  it.each([
    [
      'a raw implicit data set',
      () => read('dicom/MR_small_implicit.dcm').subarray(metaEnd(read('dicom/MR_small_implicit.dcm'))),
    ],
    ['a big endian file', () => read('dicom/MR_small_bigendian.dcm')],
    ['a deflated file', () => read('dicom-corpus/pydicom/image_dfl.dcm')],
    ['encapsulated pixel data', () => read('dicom/MR_small_RLE.dcm')],
  ])('never crashes on mutations of %s (2,000 runs)', (_, source) => {
    const valid = source();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.nat(valid.length),
        fc.boolean(),
        (edits, cut, partial) => {
          const copy = Buffer.from(valid);
          for (const [offset, value] of edits) copy[offset] = value;
          const bytes = new Uint8Array(copy.subarray(0, Math.max(cut, 8)));
          try {
            const summary = readDicomHeader(bytes, partial ? valid.length : bytes.length);
            expect(typeof summary.studyInstanceUid).toBe('string');
          } catch (error) {
            if (!(error instanceof DicomError)) throw error;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
