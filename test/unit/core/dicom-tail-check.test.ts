import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DicomError, readDicomHeader } from '../../../functions/core/dicom';
import { DicomTailCheck } from '../../../functions/core/dicom-tail-check';

const corpus = (path: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/dicom-corpus', path)));
// A 51-frame JPEG baseline CT from dicomParser's test data: one fragment per frame, no offset table.
const whole = corpus('dicomParser/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm');

/** What the upload check does for a large file: the header from its first bytes, then the stream. */
function judge(file: Uint8Array, headBytes: number, chunks: readonly number[]) {
  try {
    // The header reader already refuses a fragment in the head that runs past the file.
    const summary = readDicomHeader(file.subarray(0, headBytes), file.length);
    if (summary.uncheckedTail === undefined) return 'checked from the head';
    const check = new DicomTailCheck(summary.uncheckedTail);
    let at = 0;
    for (let i = 0; at < file.length; i += 1) {
      const size = chunks.length ? chunks[i % chunks.length]! : file.length;
      check.push(file.subarray(at, at + size));
      at += size;
    }
    check.finish();
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(DicomError);
    return (error as DicomError).problem;
  }
}

describe('DicomTailCheck', () => {
  it('is needed only when the fragments go on past the bytes read', () => {
    expect(readDicomHeader(whole, whole.length).uncheckedTail).toBeUndefined();
    expect(readDicomHeader(whole.subarray(0, 20000), whole.length).uncheckedTail).toMatchObject({
      fragments: true,
      from: expect.any(Number),
    });
  });

  it('accepts the whole file streamed in any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 8 }), (chunks) => {
        expect(judge(whole, 20000, chunks)).toBe('accepted');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses as truncated a file cut between fragments, inside one, or inside an item header', () => {
    const boundary = corpus('derived/CT0012-jpeg-cut-between-frames.dcm');
    expect(judge(boundary, 20000, [4096])).toBe('truncated');
    expect(judge(whole.subarray(0, whole.length - 3000), 20000, [777])).toBe('truncated');
    expect(judge(whole.subarray(0, whole.length - 4), 20000, [1])).toBe('truncated');
    fc.assert(
      fc.property(
        fc.integer({ min: 20001, max: whole.length - 1 }),
        fc.integer({ min: 1, max: 5000 }),
        (cut, chunk) => {
          expect(judge(whole.subarray(0, cut), 20000, [chunk])).toBe('truncated');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses fragments that are not items', () => {
    const damaged = Buffer.from(whole);
    // The first item header past the 20,000 bytes the header reader sees.
    let at = readDicomHeader(whole.subarray(0, 20000), whole.length).uncheckedTail!.from;
    while (at < 20000) at += 8 + damaged.readUInt32LE(at + 4);
    damaged.fill(0x41, at, at + 4);
    expect(judge(damaged, 20000, [1000])).toBe('unreadable_header');
  });

  it.each([
    ['pydicom/CT_small.dcm', 'explicit VR little endian'],
    ['pydicom/MR_small_expb.dcm', 'explicit VR big endian'],
    ['dicomParser/CT1_UNC.implicit_little_endian.dcm', 'implicit VR'],
    ['pydicom/MR_small_RLE.dcm', 'RLE fragments then padding'],
  ])('checks the trailing padding after the pixel data of %s (%s) to the last byte', (name) => {
    const file = corpus(name);
    const head = Math.min(20000, Math.floor(file.length / 2));
    expect(readDicomHeader(file.subarray(0, head), file.length).uncheckedTail).toBeDefined();
    expect(judge(file, head, [333])).toBe('accepted');
    for (const missing of [1, 2, 9, 100])
      expect(judge(file.subarray(0, file.length - missing), head, [333])).toBe('truncated');
  });
});
