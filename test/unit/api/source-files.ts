import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository's root, from a test under test/unit/api. */
export const root = join(import.meta.dirname, '..', '..', '..');

/** Every file under `dir`, as a path from the repository's root with forward slashes. */
export function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(root, path).replaceAll('\\', '/')];
  });
}
