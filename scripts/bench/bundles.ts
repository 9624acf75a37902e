import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { type FunctionKey, routes } from '../../functions/contract';
import { builtinAliases, bundling } from '../../infra/bundling';
import { type FunctionDefinition, functions } from '../../infra/definitions';
import { type ClientCheck, checkClients } from './sdk-clients';

export interface BenchRow {
  id: string;
  value: number;
  unit: string;
  how: string;
}

const RUNS = 5;
/** The read every user-facing API function is compared with: its bundle is what a read needs. */
const BASELINE: FunctionKey = 'casesGet';
/** Goal: a user-facing API function imports within this many times the baseline's time. */
const MAX_RATIO = 2;
const run = promisify(execFile);

/** Where infra/node-builtins is: this repository, whichever project root the caller measures. */
const shimRoot = fileURLToPath(new URL('../..', import.meta.url));

/** esbuild with the settings CDK uses; the bench runs on the Lambda's Node, so the target is the same. */
async function bundle(
  entry: string,
  outfile: string,
  external: readonly string[],
): Promise<Metafile['outputs'][string]> {
  const { metafile } = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: bundling.format,
    target: bundling.target,
    minify: bundling.minify,
    mainFields: [...bundling.mainFields],
    banner: { js: bundling.banner },
    alias: builtinAliases(shimRoot),
    external: [...external],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'));
  if (!output) throw new Error(`esbuild wrote no bundle for ${entry}`);
  return output[1];
}

/** Milliseconds to import a module in a fresh process of the given Node (what a cold start adds). */
async function importMs(node: string, file: string): Promise<number> {
  const { stdout } = await run(node, [
    '--input-type=module',
    '-e',
    `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`,
  ]);
  return Number(stdout);
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * Median import time of each file over RUNS rounds; each round imports every file once, so a
 * change of load on the machine falls on all of them alike and the ratios stay fair.
 */
async function importMedians(node: string, files: readonly string[]): Promise<number[]> {
  const times = files.map(() => [] as number[]);
  for (let round = 0; round < RUNS; round += 1) {
    for (const [index, file] of files.entries()) times[index]!.push(await importMs(node, file));
  }
  return times.map(median);
}

/** The functions API Gateway invokes for a route: what a person (or a hospital's client) waits on. */
const apiFunctions = new Set<FunctionKey>(routes.map((route) => route.handler));

export interface FunctionBundle {
  readonly key: FunctionKey;
  readonly api: boolean;
  readonly bytes: number;
  readonly importMs: number;
  /** Import median over the baseline's (casesGet), for user-facing API functions. */
  readonly ratio?: number;
  readonly clients: ClientCheck;
}

export interface BundleMeasurement {
  readonly rows: BenchRow[];
  readonly functions: readonly FunctionBundle[];
  /** The table to print: per function, bundle size, import time, ratio and SDK clients. */
  readonly table: string;
  /** One line per function that bundles an SDK client its grants never allow; the bench fails on any. */
  readonly failures: readonly string[];
}

const kib = (bytes: number) => (bytes / 1024).toFixed(0);
/** The 1-minute load average: import times on a shared machine mean little without it. */
const load = () => loadavg()[0]!.toFixed(2);

function formatTable(
  measured: readonly FunctionBundle[],
  baselineMs: number,
  nodeVersion: string,
  loads: readonly string[],
): string {
  const lines = [
    `Per function: bundle, import median (${RUNS} fresh Node ${nodeVersion} processes; load average ${loads.join(' → ')}), ` +
      `ratio to ${BASELINE} (${baselineMs.toFixed(1)} ms) for user-facing API functions, and the AWS SDK clients bundled`,
    '| function | API | KiB | import ms | × casesGet | SDK clients | notes |',
    '|---|---|--:|--:|--:|---|---|',
  ];
  for (const entry of measured) {
    const notes = [
      entry.ratio !== undefined && entry.ratio > MAX_RATIO ? `OVER ${MAX_RATIO}×` : '',
      entry.clients.ungranted.length ? `UNGRANTED ${entry.clients.ungranted.join(', ')}` : '',
      entry.clients.unused.length ? `granted, unused: ${entry.clients.unused.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(
      `| ${entry.key} | ${entry.api ? 'yes' : ''} | ${kib(entry.bytes)} | ${entry.importMs.toFixed(1)} | ${
        entry.ratio?.toFixed(2) ?? ''
      } | ${entry.clients.bundled.join(', ') || '-'} | ${notes.join('; ')} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Each function's bundle size, import time (against a hello-world bundle and, for user-facing
 * API functions, against casesGet) and the AWS SDK clients in it, checked against its grants;
 * and the AWS SDK bundled against left to the runtime for one function, so the choice rests on
 * figures.
 */
export async function measureBundles(
  projectRoot: string,
  /** The Node that imports the bundles (default: this one), to compare Node versions on the same bundles. */
  { importNode = process.execPath }: { readonly importNode?: string } = {},
): Promise<BundleMeasurement> {
  const nodeVersion = (await run(importNode, ['-p', 'process.versions.node'])).stdout.trim();
  // Inside the project, so a bundle that leaves the SDK external resolves it from node_modules.
  const dir = join(projectRoot, '.local', 'bench', 'bundles');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const hello = join(dir, 'hello.mjs');
  await writeFile(hello, 'export const handler = async () => ({ statusCode: 200 });\n');

  const entries = Object.entries(functions) as [FunctionKey, FunctionDefinition][];
  const bundled = [];
  for (const [key, definition] of entries) {
    const file = join(dir, `${key}.mjs`);
    const output = await bundle(join(projectRoot, definition.entry), file, bundling.externalModules);
    bundled.push({ key, file, bytes: output.bytes, clients: checkClients(output, definition) });
  }
  const loadBefore = load();
  const [helloMs, ...medians] = await importMedians(importNode, [
    hello,
    ...bundled.map((entry) => entry.file),
  ]);
  const loads = [loadBefore, load()];
  const baselineMs = medians[bundled.findIndex((entry) => entry.key === BASELINE)]!;

  const measured: FunctionBundle[] = bundled.map((entry, index) => {
    const api = apiFunctions.has(entry.key);
    const ms = medians[index]!;
    return {
      key: entry.key,
      api,
      bytes: entry.bytes,
      importMs: ms,
      ...(api ? { ratio: ms / baselineMs } : {}),
      clients: entry.clients,
    };
  });

  const rows: BenchRow[] = [];
  for (const entry of measured) {
    rows.push({
      id: `init-ratio-${entry.key}`,
      value: Number((entry.importMs / helloMs!).toFixed(1)),
      unit: 'ratio',
      how: `import of its ${kib(entry.bytes)} KiB bundle (${entry.importMs.toFixed(1)} ms) over a hello-world bundle (${helloMs!.toFixed(1)} ms), median of ${RUNS} fresh Node ${nodeVersion} processes (load average ${loads.join(' → ')}); SDK clients: ${entry.clients.bundled.join(', ') || 'none'}`,
    });
  }
  for (const entry of measured) {
    if (entry.ratio === undefined) continue;
    rows.push({
      id: `import-vs-${BASELINE}-${entry.key}`,
      value: Number(entry.ratio.toFixed(2)),
      unit: 'ratio',
      how: `import median of ${entry.key} (${entry.importMs.toFixed(1)} ms, ${kib(entry.bytes)} KiB) over ${BASELINE}'s (${baselineMs.toFixed(1)} ms) in the same rounds; goal at most ${MAX_RATIO}${entry.ratio > MAX_RATIO ? ' — OVER' : ''}`,
    });
  }

  // The SDK decision, on a function that uses DynamoDB, S3 and Step Functions clients.
  const probe: FunctionKey = 'casesSubmit';
  const entry = join(projectRoot, functions[probe].entry);
  const bundledFile = join(dir, `${probe}-sdk-bundled.mjs`);
  const externalFile = join(dir, `${probe}-sdk-external.mjs`);
  const bundledBytes = (await bundle(entry, bundledFile, [])).bytes;
  const externalBytes = (await bundle(entry, externalFile, ['@aws-sdk/*', '@smithy/*'])).bytes;
  const [bundledMs, externalMs] = (await importMedians(importNode, [bundledFile, externalFile])) as [
    number,
    number,
  ];
  rows.push({
    id: `sdk-external-vs-bundled-init-${probe}`,
    value: Number((externalMs / bundledMs).toFixed(2)),
    unit: 'ratio',
    how: `init with the AWS SDK left to the runtime (${kib(externalBytes)} KiB bundle + the SDK loaded from node_modules, ${externalMs.toFixed(1)} ms) over the SDK bundled and minified (${kib(bundledBytes)} KiB, ${bundledMs.toFixed(1)} ms); above 1 favours bundling`,
  });

  const failures = measured
    .filter((item) => item.clients.ungranted.length > 0)
    .map(
      (item) =>
        `BUNDLE CHECK FAILED: ${item.key} bundles the ${item.clients.ungranted.join(', ')} client(s), which its grants in infra/definitions.ts never allow (grant it, or stop importing what calls it)`,
    );
  return {
    rows,
    functions: measured,
    table: formatTable(measured, baselineMs, nodeVersion, loads),
    failures,
  };
}
