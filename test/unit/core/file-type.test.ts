import { describe, expect, it } from 'vitest';
import { detectFileKind } from '../../../functions/core/file-type';
import { makeDicom, makePdf } from '../../../scripts/fixtures';

describe('detectFileKind', () => {
  it('recognises real files from their first bytes', () => {
    expect(detectFileKind(makePdf(['x']))).toBe('pdf');
    expect(detectFileKind(makeDicom())).toBe('dicom');
    expect(detectFileKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('png');
    expect(detectFileKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
  });

  it('refuses look-alikes', () => {
    expect(detectFileKind(Buffer.from('<html><body>%PDF-1.4</body></html>'))).toBeUndefined();
    expect(detectFileKind(Buffer.from('DICM'))).toBeUndefined(); // DICOM without its 128-byte preamble
    expect(detectFileKind(new Uint8Array())).toBeUndefined();
    expect(detectFileKind(makeDicom().subarray(0, 131))).toBeUndefined(); // cut inside the magic
  });
});
