import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';

/**
 * The page images of a scanned PDF, without a canvas (Lambda has none): pdf.js decodes each
 * page's image XObjects itself (JPEG, JPEG 2000, CCITT fax, JBIG2, Flate) into raw pixels,
 * and the largest image of a page, the scan, is handed on as an 8-bit grey PGM, which
 * tesseract's leptonica reads directly and which is a third the size of the colour pixels.
 */
export interface PageImage {
  /** 1-based page number. */
  readonly page: number;
  readonly width: number;
  readonly height: number;
  /** The scan's resolution on its page: pixels per inch along the page's longer side. */
  readonly dpi: number;
  /** Binary PGM (P5): header, then one byte of grey per pixel. */
  readonly pgm: Uint8Array;
}

/** pdf.js's ImageKind. */
const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
const RGBA_32BPP = 3;

interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly kind?: number;
  readonly data?: Uint8Array | Uint8ClampedArray;
}

/** Raw pixels of any pdf.js image kind as 8-bit grey (ITU-R BT.601 luma), or undefined for a kind it cannot be. */
export function greyPixels(image: DecodedImage): Uint8Array | undefined {
  const { width, height, data } = image;
  if (!data || width <= 0 || height <= 0) return undefined;
  const pixels = width * height;
  const grey = new Uint8Array(pixels);
  const kind =
    image.kind ??
    (data.length === pixels * 3 ? RGB_24BPP : data.length === pixels * 4 ? RGBA_32BPP : undefined);
  if (kind === RGB_24BPP || kind === RGBA_32BPP) {
    const step = kind === RGB_24BPP ? 3 : 4;
    if (data.length < pixels * step) return undefined;
    for (let i = 0, j = 0; i < pixels; i++, j += step) {
      grey[i] = (data[j]! * 299 + data[j + 1]! * 587 + data[j + 2]! * 114 + 500) / 1000;
    }
    return grey;
  }
  if (kind === GRAYSCALE_1BPP) {
    // Rows padded to whole bytes, 1 = white (pdf.js has applied the image's Decode array).
    const rowBytes = (width + 7) >> 3;
    if (data.length < rowBytes * height) return undefined;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        grey[y * width + x] = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
      }
    }
    return grey;
  }
  if (data.length === pixels) return new Uint8Array(data);
  return undefined;
}

/** A binary PGM of 8-bit grey pixels. */
export function encodePgm(grey: Uint8Array, width: number, height: number): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const pgm = new Uint8Array(header.length + grey.length);
  pgm.set(header);
  pgm.set(grey, header.length);
  return pgm;
}

/**
 * Yields each page's scan, one page at a time (a decoded A4 page at 300 dpi is 26 MB in RGBA):
 * pages without an image are skipped. At most `maxPages` pages are read.
 */
export async function* scannedPageImages(bytes: Uint8Array, maxPages: number): AsyncGenerator<PageImage> {
  const { OPS } = await getResolvedPDFJS();
  // pdf.js may transfer the buffer it is given: hand it a copy. No WebAssembly, as in readPdf.
  // Not stopAtErrors: an image pdf.js cannot decode is skipped, and the other pages still read.
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, useWasm: false });
  try {
    for (let number = 1; number <= Math.min(document.numPages, maxPages); number++) {
      const page = await document.getPage(number);
      const operators = await page.getOperatorList();
      let largest: DecodedImage | undefined;
      for (let i = 0; i < operators.fnArray.length; i++) {
        if (operators.fnArray[i] !== OPS.paintImageXObject) continue;
        const key = (operators.argsArray[i] as [string])[0];
        const store = key.startsWith('g_') ? page.commonObjs : page.objs;
        const image = await new Promise<DecodedImage | null>((resolve) => store.get(key, resolve));
        if (image?.data && (!largest || image.width * image.height > largest.width * largest.height)) {
          largest = image;
        }
      }
      const grey = largest && greyPixels(largest);
      if (largest && grey) {
        const [x0, y0, x1, y1] = page.view as [number, number, number, number];
        const longSideInches = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) / 72;
        yield {
          page: number,
          width: largest.width,
          height: largest.height,
          dpi: Math.round(Math.max(largest.width, largest.height) / Math.max(longSideInches, 1e-6)),
          pgm: encodePgm(grey, largest.width, largest.height),
        };
      }
      page.cleanup();
    }
  } finally {
    await document.loadingTask.destroy().catch(() => undefined);
  }
}
