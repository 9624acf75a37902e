import type { Page } from 'playwright-core';

/**
 * Characters of the page's text that no installed font draws: each is drawn on a canvas in the
 * page's own font stack and compared with a character no font has (a supplementary private-use
 * code point), which the browser draws as its missing-glyph box. Empty when every letter shows.
 * `extra` adds characters to test (the check's own test: one of a script with no font here).
 */
export async function missingGlyphs(page: Page, extra = ''): Promise<string[]> {
  return page.evaluate((added) => {
    // biome-ignore lint/performance/useDomNodeTextContent: only the text that is rendered needs a font.
    const text = document.body.innerText + added;
    const letters = [...new Set([...text])].filter((char) => /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(char));
    const canvas = document.createElement('canvas');
    canvas.width = 48;
    canvas.height = 48;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas');
    context.font = `32px ${getComputedStyle(document.body).fontFamily}`;
    const picture = (char: string) => {
      context.clearRect(0, 0, 48, 48);
      context.fillText(char, 8, 36);
      const pixels = context.getImageData(0, 0, 48, 48).data;
      let hash = 0;
      for (let index = 3; index < pixels.length; index += 4) hash = (hash * 31 + pixels[index]!) | 0;
      return hash;
    };
    const box = picture('\u{10FFFD}');
    return letters.filter((char) => picture(char) === box);
  }, extra);
}
