import type { Page } from 'playwright-core';

/**
 * What reaches past the right edge of the window (or the left, on a right-to-left page): elements
 * whose box does, and text that runs out of its box (a long id or file name that cannot wrap widens
 * the page while every box stays inside it). Each is named with its text, so a failure says what to
 * fix. Empty when the page fits.
 */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = (rect: DOMRect) => rect.width > 0 && (rect.right > width + 0.5 || rect.left < -0.5);
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
        typeof element.className === 'string' && element.className
          ? `.${element.className.split(' ').join('.')}`
          : ''
      }`;
    // Visually hidden text (clipped to nothing) and the off-screen skip link are meant to be outside.
    const hidden = (element: Element) =>
      element.closest('.visually-hidden, .skip-link, [hidden], dialog:not([open])') !== null;
    const found: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (hidden(element)) continue;
      if (outside(element.getBoundingClientRect())) found.push(name(element));
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || hidden(parent) || !node.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects())
        if (outside(rect)) {
          found.push(`text in ${name(parent)}: “${node.textContent.trim().slice(0, 60)}”`);
          break;
        }
    }
    if (document.documentElement.scrollWidth > width && found.length === 0)
      found.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    return found;
  });
}
