import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../../functions/core/message-catalogue.js';

/** The catalogue files on disk: locales/<family>/<tag>.json, English (`en`) the source of each. */
export const localesDirectory = join(import.meta.dirname, '..', '..', 'locales');

export function catalogueFamilies(): string[] {
  return readdirSync(localesDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readCatalogue(family: string, tag: string): Catalogue | undefined {
  const path = join(localesDirectory, family, `${tag}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Catalogue) : undefined;
}
