import { execFile } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { FunctionKey } from '../../functions/contract';
import { bundling } from '../../infra/bundling';
import { functions } from '../../infra/definitions';

export interface BenchRow {
  id: string;
  value: number;
  unit: string;
  how: string;
}

const RUNS = 5;
const run = promisify(execFile);

/** esbuild with the settings CDK uses; the bench runs on the Lambda's Node, so the target is the same. */
async function bundle(entry: string, outfile: string, external: readonly string[]): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: bundling.format,
    target: bundling.target,
    minify: bundling.minify,
    mainFields: [...bundling.mainFields],
    banner: { js: bundling.banner },
    external: [...external],
    logLevel: 'silent',
  });
  return (await stat(outfile)).size;
}

/** Median milliseconds to import a module in a fresh Node process (what a cold start adds). */
async function initMs(file: string): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`,
    ]);
    times.push(Number(stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Each function's bundle size and init time against a hello-world bundle, and the AWS SDK
 * bundled against left to the runtime for one function, so the choice rests on figures.
 */
export async function measureBundles(projectRoot: string): Promise<BenchRow[]> {
  // Inside the project, so a bundle that leaves the SDK external resolves it from node_modules.
  const dir = join(projectRoot, '.local', 'bench', 'bundles');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const rows: BenchRow[] = [];
  const hello = join(dir, 'hello.mjs');
  await writeFile(hello, 'export const handler = async () => ({ statusCode: 200 });\n');
  const helloMs = await initMs(hello);

  for (const [key, definition] of Object.entries(functions) as [
    FunctionKey,
    (typeof functions)[FunctionKey],
  ][]) {
    const outfile = join(dir, `${key}.mjs`);
    const bytes = await bundle(join(projectRoot, definition.entry), outfile, bundling.externalModules);
    const ms = await initMs(outfile);
    rows.push({
      id: `init-ratio-${key}`,
      value: Number((ms / helloMs).toFixed(1)),
      unit: 'ratio',
      how: `import of its ${(bytes / 1024).toFixed(0)} KiB bundle (${ms.toFixed(1)} ms) over a hello-world bundle (${helloMs.toFixed(1)} ms), median of ${RUNS} fresh Node ${process.versions.node} processes`,
    });
  }

  // The SDK decision, on a function that uses DynamoDB, S3 and Step Functions clients.
  const probe: FunctionKey = 'casesSubmit';
  const entry = join(projectRoot, functions[probe].entry);
  const bundledFile = join(dir, `${probe}-sdk-bundled.mjs`);
  const externalFile = join(dir, `${probe}-sdk-external.mjs`);
  const bundledBytes = await bundle(entry, bundledFile, []);
  const externalBytes = await bundle(entry, externalFile, ['@aws-sdk/*', '@smithy/*']);
  const bundledMs = await initMs(bundledFile);
  const externalMs = await initMs(externalFile);
  rows.push({
    id: `sdk-external-vs-bundled-init-${probe}`,
    value: Number((externalMs / bundledMs).toFixed(2)),
    unit: 'ratio',
    how: `init with the AWS SDK left to the runtime (${(externalBytes / 1024).toFixed(0)} KiB bundle + the SDK loaded from node_modules, ${externalMs.toFixed(1)} ms) over the SDK bundled and minified (${(bundledBytes / 1024).toFixed(0)} KiB, ${bundledMs.toFixed(1)} ms); above 1 favours bundling`,
  });
  return rows;
}
