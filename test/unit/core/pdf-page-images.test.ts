import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  encodePgm,
  greyPixels,
  type PageImage,
  scannedPageImages,
} from '../../../functions/core/pdf-page-images';

const scans = join(import.meta.dirname, '../../fixtures/scans');

async function pagesOf(bytes: Uint8Array): Promise<PageImage[]> {
  const pages: PageImage[] = [];
  for await (const page of scannedPageImages(bytes, 20)) pages.push(page);
  return pages;
}

describe('greyPixels', () => {
  it('takes the luma of RGB and RGBA pixels', () => {
    const rgb = greyPixels({
      width: 2,
      height: 1,
      kind: 2,
      data: new Uint8Array([255, 255, 255, 255, 0, 0]),
    });
    expect([...(rgb ?? [])]).toEqual([255, 76]);
    const rgba = greyPixels({ width: 1, height: 1, kind: 3, data: new Uint8Array([0, 0, 255, 255]) });
    expect([...(rgba ?? [])]).toEqual([29]);
  });

  it('unpacks 1-bit rows padded to whole bytes (fax and JBIG2 scans), 1 as white', () => {
    // Two rows of 9 pixels: each row is 2 bytes.
    const data = new Uint8Array([0b10000000, 0b10000000, 0b01111111, 0b00000000]);
    const grey = greyPixels({ width: 9, height: 2, kind: 1, data });
    expect([...(grey ?? [])]).toEqual([
      255, 0, 0, 0, 0, 0, 0, 0, 255, 0, 255, 255, 255, 255, 255, 255, 255, 0,
    ]);
  });

  it('refuses pixel data shorter than the image', () => {
    expect(greyPixels({ width: 4, height: 4, kind: 2, data: new Uint8Array(10) })).toBeUndefined();
  });
});

describe('encodePgm', () => {
  it('writes a binary PGM header before the pixels', () => {
    const pgm = encodePgm(new Uint8Array([1, 2, 3, 4, 5, 6]), 3, 2);
    const header = 'P5\n3 2\n255\n';
    expect(new TextDecoder().decode(pgm.subarray(0, header.length))).toBe(header);
    expect([...pgm.subarray(header.length)]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('scannedPageImages', () => {
  it('decodes the JPEG scan of each page of an image-only PDF, with its resolution on the page', async () => {
    const pages = await pagesOf(new Uint8Array(readFileSync(join(scans, 'report-en-scanned.pdf'))));
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page).toMatchObject({ page: 1, width: 2064, height: 2920 });
    // 2920 px over A4's 11.69 inches.
    expect(page?.dpi).toBe(250);
    expect(page?.pgm.length).toBe('P5\n2064 2920\n255\n'.length + 2064 * 2920);
  });

  it('yields nothing for a PDF whose pages have no image', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage().drawText('Typed, not scanned.', { x: 50, y: 700, font });
    expect(await pagesOf(await pdf.save())).toEqual([]);
  });

  it('reads no more than the pages asked for', async () => {
    const scan = readFileSync(join(scans, 'report-en-page.jpg'));
    const pdf = await PDFDocument.create();
    const image = await pdf.embedJpg(scan);
    for (let i = 0; i < 3; i++)
      pdf.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
    const pages: number[] = [];
    for await (const page of scannedPageImages(await pdf.save(), 2)) pages.push(page.page);
    expect(pages).toEqual([1, 2]);
  });
});
