import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFileKind } from '../../../functions/core/file-type';
import { makeDicom, makePdf } from '../../../scripts/fixtures';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/dicom', name)));
const corpus = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/dicom-corpus', name)));

describe('detectFileKind', () => {
  it('recognises real files from their first bytes', () => {
    expect(detectFileKind(makePdf(['x']))).toBe('pdf');
    expect(detectFileKind(makeDicom())).toBe('dicom');
    expect(detectFileKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('png');
    expect(detectFileKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
  });

  it.each([
    ['pydicom/ExplVR_LitEndNoMeta.dcm', 'explicit VR little endian, no meta group'],
    ['pydicom/ExplVR_BigEndNoMeta.dcm', 'explicit VR big endian, no meta group'],
    ['pydicom/rtstruct.dcm', 'implicit VR little endian, no meta group'],
    ['fo-dicom/CR-MONO1-10-chest', 'implicit VR little endian, ACR-NEMA group lengths'],
    ['derived/CT_small-no-preamble.dcm', 'a meta group without the preamble'],
  ])('recognises DICOM without its preamble: %s (%s)', (name) => {
    expect(detectFileKind(corpus(name))).toBe('dicom');
  });

  it('recognises each encoding of one data set written without preamble and meta group', () => {
    // The data set of a Part 10 file starts where its meta group ends (132 + 12 + group length).
    for (const name of ['MR_small.dcm', 'MR_small_implicit.dcm', 'MR_small_bigendian.dcm']) {
      const file = fixture(name);
      const metaEnd = 144 + Buffer.from(file).readUInt32LE(140);
      expect(detectFileKind(file.subarray(metaEnd)), name).toBe('dicom');
    }
  });

  it('refuses look-alikes', () => {
    expect(detectFileKind(Buffer.from('<html><body>%PDF-1.4</body></html>'))).toBeUndefined();
    expect(detectFileKind(Buffer.from('DICM'))).toBeUndefined(); // only the marker, no data elements
    expect(detectFileKind(new Uint8Array())).toBeUndefined();
    expect(detectFileKind(makeDicom().subarray(0, 131))).toBeUndefined(); // cut inside the magic
    // Starts like group 0008, but what follows is no data element.
    expect(
      detectFileKind(
        Buffer.from([0x08, 0x00, 0x05, 0x00, 0x43, 0x53, 0x0a, 0x00, ...Buffer.alloc(80, 0xff)]),
      ),
    ).toBeUndefined();
    expect(
      detectFileKind(Buffer.concat([Buffer.from([0x08, 0x00, 0x16, 0x00]), Buffer.alloc(200, 0xee)])),
    ).toBeUndefined();
    expect(
      detectFileKind(Buffer.from('\x08\x00 plain text that happens to start with a backspace and NUL')),
    ).toBeUndefined();
  });
});
