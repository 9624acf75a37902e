import type { Page } from 'playwright-core';

/** A digest of what the canvas shows, and how much of it is not black. */
export async function canvasState(tab: Page) {
  return tab.getByRole('img', { name: /DICOM image|DICOM 影像/ }).evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('the viewer canvas has no 2D context');
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    let hash = 2166136261;
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) {
      const value = data[i]!;
      if (value > 16) lit += 1;
      hash = Math.imul(hash ^ value ^ (data[i + 1]! << 8) ^ (data[i + 2]! << 16), 16777619) >>> 0;
    }
    return { hash, litFraction: lit / (width * height), width, height };
  });
}

/** Waits until the canvas has stopped changing (rendering is asynchronous) and returns it. */
export async function settledCanvas(tab: Page) {
  let last = await canvasState(tab);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await tab.waitForTimeout(100);
    const next = await canvasState(tab);
    if (next.hash === last.hash && next.litFraction > 0) return next;
    last = next;
  }
  return last;
}
