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

const typescript = (folder: string) =>
  files(join(root, 'functions', folder)).filter((path) => path.endsWith('.ts'));

const routeHandlers = typescript('api');
/** One module per Lambda: the workflow's steps and the event processors. */
const stepsAndProcessors = [...typescript('workflow'), ...typescript('events')];
const handlers = [...routeHandlers, ...stepsAndProcessors];

/**
 * Handlers load, decide (functions/core), write and do their side effects: about 60 lines at
 * most. And one business clock: a route handler stamps times with the `now` the route wrapper
 * gives, a workflow step with the `now` of its input (`$$.State.EnteredTime`), an event
 * processor with its event's own time.
 */
describe('handlers stay thin', () => {
  it('finds the handlers', () => {
    expect(routeHandlers.length).toBeGreaterThan(40);
    expect(stepsAndProcessors).toEqual(
      expect.arrayContaining([
        'functions/workflow/build-package.ts',
        'functions/workflow/track-deadline.ts',
        'functions/events/upload-processor.ts',
        'functions/events/email-feedback-processor.ts',
      ]),
    );
  });

  it.each(handlers)('%s has at most 60 lines of code', (path) => {
    expect(codeLines(readFileSync(join(root, path), 'utf8'))).toBeLessThanOrEqual(MAX_LINES);
  });

  it.each(handlers)('%s takes the time from its caller, never the machine clock', (path) => {
    const source = readFileSync(join(root, path), 'utf8');
    expect(source).not.toMatch(/new Date\(\s*\)|Date\.now\(\)/);
  });

  it('counts code, not comments or blank lines', () => {
    expect(codeLines('/**\n * doc\n */\nconst a = 1;\n\n// note\n  /* x */ const b = 2;\n')).toBe(2);
  });
});
