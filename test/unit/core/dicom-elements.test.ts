import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BytesEnded,
  type DataSetSyntax,
  EXPLICIT_BIG,
  EXPLICIT_LITTLE,
  IMPLICIT_LITTLE,
  MalformedDataSet,
  PIXEL_DATA_TAGS,
  recogniseRawDataSet,
  tagOf,
  walkDataSet,
} from '../../../functions/core/dicom-elements';

const fixtures = join(import.meta.dirname, '../../fixtures');
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
/** Where a Part 10 file's data set starts: after the preamble, `DICM` and the meta group. */
const metaEnd = (file: Uint8Array) => 144 + Buffer.from(file).readUInt32LE(140);
const untilPixels = (tag: number) => PIXEL_DATA_TAGS.has(tag);
const hex = (tag: number) =>
  `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`;

const UNDEFINED = 0xffffffff;

/** One data element in `syntax`, for hand-made data sets. `vr` is only written in explicit VR. */
function element(
  syntax: DataSetSyntax,
  tag: number,
  vr: string,
  value: Uint8Array | number[],
  length?: number,
) {
  const bytes = Buffer.from(value);
  const declared = length ?? bytes.length;
  const le = syntax.littleEndian;
  const tagBytes = Buffer.alloc(4);
  if (le) {
    tagBytes.writeUInt16LE(tag >>> 16, 0);
    tagBytes.writeUInt16LE(tag & 0xffff, 2);
  } else {
    tagBytes.writeUInt16BE(tag >>> 16, 0);
    tagBytes.writeUInt16BE(tag & 0xffff, 2);
  }
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    le ? b.writeUInt32LE(n) : b.writeUInt32BE(n);
    return b;
  };
  if (tag >>> 16 === 0xfffe || !syntax.explicitVr) return Buffer.concat([tagBytes, u32(declared), bytes]);
  if (['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr)) {
    return Buffer.concat([tagBytes, Buffer.from(vr), Buffer.alloc(2), u32(declared), bytes]);
  }
  const short = Buffer.alloc(2);
  le ? short.writeUInt16LE(declared) : short.writeUInt16BE(declared);
  return Buffer.concat([tagBytes, Buffer.from(vr), short, bytes]);
}

const ITEM = tagOf(0xfffe, 0xe000);
const ITEM_END = tagOf(0xfffe, 0xe00d);
const SEQUENCE_END = tagOf(0xfffe, 0xe0dd);
const text = (value: string) => Buffer.from(value, 'latin1');

describe('walkDataSet', () => {
  const dcmdump = '/usr/bin/dcmdump';

  it.skipIf(!existsSync(dcmdump))(
    'finds the same top-level elements as dcmtk in each uncompressed encoding (needs dcmtk)',
    () => {
      for (const [name, syntax] of [
        ['dicom/MR_small.dcm', EXPLICIT_LITTLE],
        ['dicom/MR_small_bigendian.dcm', EXPLICIT_BIG],
        ['dicom/MR_small_implicit.dcm', IMPLICIT_LITTLE],
        ['dicom-corpus/pydicom/rtplan.dcm', IMPLICIT_LITTLE],
        ['dicom-corpus/pydicom/test-SR.dcm', EXPLICIT_LITTLE],
      ] as const) {
        const file = read(name);
        const walk = walkDataSet(file, metaEnd(file), syntax, untilPixels);
        const dump = spawnSync(dcmdump, ['-M', join(fixtures, name)], { encoding: 'utf8' }).stdout;
        // dcmdump prints top-level elements at the start of a line, nested ones indented.
        const all = [...dump.matchAll(/^\(([0-9a-f]{4}),([0-9a-f]{4})\)/gm)].map(
          (match) => `(${match[1]},${match[2]})`,
        );
        // The walk stops at Pixel Data: what follows it (trailing padding) is not read.
        const pixels = all.indexOf('(7fe0,0010)');
        const theirs = all
          .slice(0, pixels < 0 ? all.length : pixels)
          .filter((tag) => !tag.startsWith('(0002,') && !tag.startsWith('(fffe,'));
        expect([...walk.elements.keys()].map(hex), name).toEqual(theirs);
      }
    },
  );

  it('reads one data set alike in explicit little endian, explicit big endian and implicit VR', () => {
    const tags = (name: string, syntax: DataSetSyntax) => {
      const file = read(`dicom/${name}`);
      const walk = walkDataSet(file, metaEnd(file), syntax, untilPixels);
      expect(walk.stoppedAt).toBe(tagOf(0x7fe0, 0x0010));
      return [...walk.elements.keys()];
    };
    const explicit = tags('MR_small.dcm', EXPLICIT_LITTLE);
    expect(tags('MR_small_bigendian.dcm', EXPLICIT_BIG)).toEqual(explicit);
    expect(tags('MR_small_implicit.dcm', IMPLICIT_LITTLE)).toEqual(explicit);
  });

  it('skips nested undefined-length private sequences by their delimiters (implicit VR)', () => {
    // pydicom's nested_priv_SQ.dcm: (0001,0001) sequences two deep, then Pixel Data.
    const file = read('dicom-corpus/pydicom/nested_priv_SQ.dcm');
    const walk = walkDataSet(file, metaEnd(file), IMPLICIT_LITTLE, untilPixels);
    expect([...walk.elements.keys()].map(hex)).toEqual(['(0001,0001)']);
    expect(walk.stoppedAt).toBe(tagOf(0x7fe0, 0x0010));

    const s = IMPLICIT_LITTLE;
    const inner = Buffer.concat([
      element(s, ITEM, '', element(s, tagOf(0x0009, 0x1003), 'LO', text('odd'))), // odd length, defined item
      element(s, SEQUENCE_END, '', []),
    ]);
    const outer = Buffer.concat([
      element(s, ITEM, '', [], UNDEFINED),
      element(s, tagOf(0x0009, 0x1002), 'SQ', inner, UNDEFINED),
      element(s, ITEM_END, '', []),
      element(s, SEQUENCE_END, '', []),
    ]);
    const dataSet = Buffer.concat([
      element(s, tagOf(0x0008, 0x0060), 'CS', text('CT')),
      element(s, tagOf(0x0009, 0x0010), 'LO', text('VENDOR')),
      element(s, tagOf(0x0009, 0x1001), 'SQ', outer, UNDEFINED),
      element(s, tagOf(0x0010, 0x0010), 'PN', text('A^B')),
    ]);
    const walked = walkDataSet(dataSet, 0, s, untilPixels);
    expect([...walked.elements.keys()].map(hex)).toEqual([
      '(0008,0060)',
      '(0009,0010)',
      '(0009,1001)',
      '(0010,0010)',
    ]);
    expect(walked.end).toBe(dataSet.length);
    // The odd-length value is taken as given: the element after it is found.
    const name = walked.elements.get(tagOf(0x0010, 0x0010))!;
    expect(Buffer.from(dataSet.subarray(name.valueOffset, name.valueOffset + name.length)).toString()).toBe(
      'A^B',
    );
  });

  it('reads the items of an undefined-length UN element as implicit VR (CP-246)', () => {
    const file = read('dicom-corpus/pydicom/UN_sequence.dcm');
    const walk = walkDataSet(file, metaEnd(file), EXPLICIT_LITTLE, untilPixels);
    expect(walk.end).toBe(file.length);

    const e = EXPLICIT_LITTLE;
    const i = IMPLICIT_LITTLE;
    const items = Buffer.concat([
      element(i, ITEM, '', [], UNDEFINED),
      element(i, tagOf(0x0011, 0x1001), '', text('XY')),
      element(i, ITEM_END, '', []),
      element(i, SEQUENCE_END, '', []),
    ]);
    const dataSet = Buffer.concat([
      element(e, tagOf(0x0011, 0x1000), 'UN', items, UNDEFINED),
      element(e, tagOf(0x0020, 0x000d), 'UI', text('1.2.3\0')),
    ]);
    expect([...walkDataSet(dataSet, 0, e, untilPixels).elements.keys()].map(hex)).toEqual([
      '(0011,1000)',
      '(0020,000d)',
    ]);
  });

  it('reads an explicit element whose VR is not a VR as implicit, as pydicom does', () => {
    const dataSet = Buffer.concat([
      Buffer.from([0x08, 0x00, 0x60, 0x00, 0x02, 0x00, 0x00, 0x00]), // implicit header inside explicit
      text('MR'),
      element(EXPLICIT_LITTLE, tagOf(0x0010, 0x0010), 'PN', text('A^B ')),
    ]);
    const walk = walkDataSet(dataSet, 0, EXPLICIT_LITTLE, untilPixels);
    expect(walk.elements.get(tagOf(0x0008, 0x0060))).toMatchObject({ valueOffset: 8, length: 2 });
    expect(walk.elements.has(tagOf(0x0010, 0x0010))).toBe(true);
  });

  it('never reads past the bytes: it says where a value that runs past them would end', () => {
    const e = EXPLICIT_LITTLE;
    const long = element(e, tagOf(0x0009, 0x1010), 'OB', Buffer.alloc(100), 5000);
    const caught = (bytes: Uint8Array) => {
      try {
        walkDataSet(bytes, 0, e, untilPixels);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(caught(long)).toBeInstanceOf(BytesEnded);
    expect((caught(long) as BytesEnded).declaredEnd).toBe(12 + 5000);
    // Cut inside an element header: no declared end is known.
    expect((caught(long.subarray(0, 10)) as BytesEnded).declaredEnd).toBeUndefined();
    // A sequence whose delimiter is not in the bytes.
    const open = element(e, tagOf(0x0040, 0xa730), 'SQ', element(e, ITEM, '', [], UNDEFINED), UNDEFINED);
    expect(caught(open)).toBeInstanceOf(BytesEnded);
  });

  it('refuses what is not a data set: stray items, unclosed items, absurd nesting', () => {
    const e = EXPLICIT_LITTLE;
    expect(() => walkDataSet(element(e, ITEM, '', [1, 2]), 0, e, untilPixels)).toThrow(MalformedDataSet);
    const notItems = element(
      e,
      tagOf(0x0040, 0xa730),
      'SQ',
      element(e, tagOf(0x0008, 0x0060), 'CS', text('CT')),
      UNDEFINED,
    );
    expect(() => walkDataSet(notItems, 0, e, untilPixels)).toThrow(MalformedDataSet);
    let nested: Buffer = element(e, SEQUENCE_END, '', []);
    for (let depth = 0; depth < 40; depth += 1) {
      nested = Buffer.concat([
        element(e, ITEM, '', [], UNDEFINED),
        element(e, tagOf(0x0040, 0xa730), 'SQ', nested, UNDEFINED),
        element(e, ITEM_END, '', []),
        element(e, SEQUENCE_END, '', []),
      ]);
    }
    expect(() =>
      walkDataSet(element(e, tagOf(0x0040, 0xa730), 'SQ', nested, UNDEFINED), 0, e, untilPixels),
    ).toThrow(MalformedDataSet);
  });
});

describe('recogniseRawDataSet', () => {
  it.each([
    ['dicom/MR_small.dcm', EXPLICIT_LITTLE],
    ['dicom/MR_small_bigendian.dcm', EXPLICIT_BIG],
    ['dicom/MR_small_implicit.dcm', IMPLICIT_LITTLE],
  ] as const)('recognises the data set of %s without its preamble and meta group', (name, syntax) => {
    const file = read(name);
    expect(recogniseRawDataSet(file.subarray(metaEnd(file)))).toEqual({ metaGroup: false, syntax });
  });

  it('recognises a meta group without the preamble, and real data sets without one', () => {
    expect(recogniseRawDataSet(read('dicom/MR_small.dcm').subarray(132))).toEqual({
      metaGroup: true,
      syntax: EXPLICIT_LITTLE,
    });
    expect(recogniseRawDataSet(read('dicom-corpus/pydicom/ExplVR_BigEndNoMeta.dcm'))?.syntax).toEqual(
      EXPLICIT_BIG,
    );
    expect(recogniseRawDataSet(read('dicom-corpus/pydicom/rtstruct.dcm'))?.syntax).toEqual(IMPLICIT_LITTLE);
  });

  it('does not take a Part 10 file, or other binary data, for a raw data set', () => {
    expect(recogniseRawDataSet(read('dicom/MR_small.dcm'))).toBeUndefined();
    expect(recogniseRawDataSet(Buffer.alloc(256))).toBeUndefined();
    expect(recogniseRawDataSet(Buffer.alloc(256, 0x08))).toBeUndefined();
  });
});
