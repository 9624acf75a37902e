import { describe, expect, it } from 'vitest';
import { ImageError, readJpegHeader, readPngHeader } from '../../../functions/core/image-header';
import { makeJpeg, makePng } from '../../../scripts/fixtures';

describe('image headers', () => {
  it('reads PNG and JPEG dimensions from the header', () => {
    expect(readPngHeader(makePng(1024, 768))).toEqual({ width: 1024, height: 768 });
    expect(readJpegHeader(makeJpeg(3000, 2000))).toEqual({ width: 3000, height: 2000 });
  });

  it('refuses damaged headers', () => {
    const png = makePng();
    png.writeUInt8(png.readUInt8(20) ^ 0xff, 20); // the IHDR CRC no longer matches
    expect(() => readPngHeader(png)).toThrow(ImageError);
    expect(() => readPngHeader(makePng().subarray(0, 20))).toThrow(ImageError);
    expect(() => readJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toThrow(ImageError);
    expect(() => readJpegHeader(Buffer.from([0xff, 0xd8, 0x00, 0x00, 0x00, 0x00]))).toThrow(ImageError);
    expect(() => readJpegHeader(makeJpeg(0, 10))).toThrow(ImageError);
  });
});
