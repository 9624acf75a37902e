import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import serverSource from '../../../locales/server/en.json';
import { projectRoot } from '../../../scripts/local/backend';

/** Every TypeScript file under a directory. */
function sources(directory: string): string[] {
  return readdirSync(join(projectRoot, directory), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(projectRoot, directory, file));
}

/**
 * The error codes the code can answer with, read from the source: a code given to an error class
 * (`new ConflictError('limit_reached', …)`, `super('not_found', …)`) or written into an error
 * body (`error: { code: 'internal_error' … }`), and the local gateway's own answers. The type of
 * `AppError.code` already refuses a code without a message; this finds one that bypasses it.
 */
function answeredCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const patterns = [
    // The two error classes that take a code (core/errors.ts); the others name theirs in `super`.
    /new (?:AppError|ConflictError)\(\s*'([a-z_]+)'/g,
    /super\(\s*'([a-z_]+)',\s*\d{3}/g,
    /error: \{ code: '([a-z_]+)'/g,
    /errorResult\(\s*\d+,\s*'([a-z_]+)'/g,
  ];
  for (const file of [...sources('functions'), ...sources('scripts/local')]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) codes.set(match[1]!, file.slice(projectRoot.length + 1));
    }
    // A code built from a template (`${what}_not_uploaded`): the type of AppError.code checks each.
    for (const match of text.matchAll(/new \w*Error\(\s*`\$\{\w+\}(_[a-z_]+)`/g)) {
      for (const key of Object.keys(serverSource)) {
        if (key.startsWith('error.') && key.endsWith(match[1]!)) codes.set(key.slice('error.'.length), file);
      }
    }
  }
  return codes;
}

describe('error codes and the server catalogue', () => {
  it('every code an API answer can carry has a message (so the patient page says it in any language)', () => {
    const codes = answeredCodes();
    // The scan does find the codes: the common ones and the patient routes' own.
    for (const code of [
      'validation_failed',
      'not_found',
      'internal_error',
      'limit_reached',
      'invalid_state',
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
    const without = [...codes].filter(([code]) => !Object.hasOwn(serverSource, `error.${code}`));
    expect(without.map(([code, file]) => `${code} (${file})`)).toEqual([]);
  });

  it('has no message for a code nothing answers with', () => {
    const codes = answeredCodes();
    const unused = Object.keys(serverSource)
      .filter((key) => key.startsWith('error.'))
      .map((key) => key.slice('error.'.length))
      // The page itself says network_error when the server cannot be reached.
      .filter((code) => code !== 'network_error' && !codes.has(code));
    expect(unused).toEqual([]);
  });
});
