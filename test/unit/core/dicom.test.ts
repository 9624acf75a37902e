import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DicomError, readDicomHeader } from '../../../functions/core/dicom';
import { makeDicom } from '../../../scripts/fixtures';

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
