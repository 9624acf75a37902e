import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { files, root } from './source-files';

const MAX_LINES = 60;

/** Lines that are code: blank lines and comments (line, block and JSDoc) do not count. */
function codeLines(source: string): number {
  const withoutBlocks = source.replace(/\/\*[\s\S]*?\*\//g, '');
  return withoutBlocks.split('\n').filter((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('//');
  }).length;
}

const handlers = files(join(root, 'functions', 'api')).filter((path) => path.endsWith('.ts'));

/**
 * Handlers load, decide (functions/core), write and do their side effects: about 60 lines at
 * most. And one business clock: a handler stamps times with the `now` the route wrapper gives.
 */
describe('route handlers stay thin', () => {
  it('finds the handlers', () => {
    expect(handlers.length).toBeGreaterThan(40);
  });

  it.each(handlers)('%s has at most 60 lines of code', (path) => {
    expect(codeLines(readFileSync(join(root, path), 'utf8'))).toBeLessThanOrEqual(MAX_LINES);
  });

  it.each(handlers)('%s takes the time from the route wrapper, never the machine clock', (path) => {
    const source = readFileSync(join(root, path), 'utf8');
    expect(source).not.toMatch(/new Date\(\s*\)|Date\.now\(\)/);
  });

  it('counts code, not comments or blank lines', () => {
    expect(codeLines('/**\n * doc\n */\nconst a = 1;\n\n// note\n  /* x */ const b = 2;\n')).toBe(2);
  });
});
