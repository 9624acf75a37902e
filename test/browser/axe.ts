import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** One axe-core run's findings of any impact, for the record. */
export interface AxeRun {
  readonly view: string;
  readonly violations: readonly { id: string; impact: string; nodes: number }[];
}

/**
 * axe-core's serious and critical findings (WCAG 2.1 A/AA and best practice) on the page as it
 * stands, run through the DevTools protocol, which the page's CSP does not govern. Every
 * finding, of any impact, is added to `record`.
 */
export async function seriousViolations(page: Page, view: string, record: AxeRun[]) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  record.push({
    view,
    violations: violations.map(({ id, impact, nodes }) => ({ id, impact, nodes: nodes.length })),
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}
