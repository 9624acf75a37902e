/**
 * Only the bundle part of `npm run bench` (no backend, no browser; about a minute): run it with
 * `npx tsx scripts/bench/bundles-run.ts`. Prints the per-function table and exits 1 when a
 * function bundles an AWS SDK client its grants never allow.
 */
import { join } from 'node:path';
import { measureBundles } from './bundles';

const measured = await measureBundles(join(import.meta.dirname, '..', '..'));
console.log(measured.table);
for (const failure of measured.failures) console.error(failure);
if (measured.failures.length > 0) process.exitCode = 1;
