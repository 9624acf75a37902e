import type { Page } from 'playwright-core';

/**
 * Collects what should never happen on a page into `problems`: script errors, and console
 * errors that are CSP refusals (`only: 'csp'`) or any console error at all (`only: 'any'`).
 * A test asserts the list empty at its end.
 */
export function watchProblems(page: Page, problems: string[], only: 'csp' | 'any' = 'csp'): Page {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (only === 'any' || /Content Security Policy|Refused to/i.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  return page;
}
