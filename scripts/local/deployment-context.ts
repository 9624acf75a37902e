import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The deployment settings of cdk.json (its `context`), read by the local backend so that it
 * runs with the same regions a default `cdk deploy` would use: one source for both.
 */
const cdkJson = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'cdk.json');
const context = JSON.parse(readFileSync(cdkJson, 'utf8')).context as Record<string, unknown>;

const setting = (name: string): string => {
  const value = context[name];
  if (typeof value !== 'string' || value === '') throw new Error(`cdk.json context "${name}" is missing`);
  return value;
};

export const deploymentContext = {
  region: setting('region'),
  relayRegion: setting('relayRegion'),
} as const;
