import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('request paths', () => {
  it('never scan a table: every function reads by key or by index (load: status reads do not slow with the number of cases)', () => {
    const scanning = sources(join(root, 'functions')).filter((path) =>
      /\b(ScanCommand|paginateScan)\b/.test(readFileSync(path, 'utf8')),
    );
    expect(scanning.map((path) => relative(root, path))).toEqual([]);
  });
});
