import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTerminologyCsv, Terminology } from '../core/terminology';
import { assetPath } from './settings';

let cached: Terminology | undefined;

/**
 * The terminology from its CSV files in TERMINOLOGY_DIR (the project's terminology/ folder
 * locally, the folder copied beside the bundle in Lambda). Read once per container.
 */
export function terminology(): Terminology {
  if (!cached) {
    const dir = assetPath('terminology');
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.csv'))
      .sort();
    cached = new Terminology(
      files.flatMap((name) =>
        parseTerminologyCsv(readFileSync(join(dir, name), 'utf8'), name.replace(/\.csv$/, '')),
      ),
    );
  }
  return cached;
}
