/**
 * Only the bundle part of `npm run bench` (no backend, no browser; about a minute): run it with
 * `npx tsx scripts/bench/bundles-run.ts`. Prints the per-function table and exits 1 when a
 * function bundles an AWS SDK client its grants never allow. `--node <path>` imports the same
 * bundles with another Node (`--node /usr/bin/node`: what the Node version alone costs).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBundles } from './bundles';

const { values } = parseArgs({ options: { node: { type: 'string' } } });
const measured = await measureBundles(join(import.meta.dirname, '..', '..'), {
  ...(values.node ? { importNode: values.node } : {}),
});
console.log(measured.table);
for (const failure of measured.failures) console.error(failure);
if (measured.failures.length > 0) process.exitCode = 1;
