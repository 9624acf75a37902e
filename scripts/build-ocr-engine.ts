import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';
import { packageAssets } from '../functions/contract';

/**
 * Builds the OCR engine's package asset (functions/adapters/ocr.ts loads it at run time): the
 * tesseract.js library and its worker-thread script, each bundled by esbuild as CommonJS, the
 * tesseract.js-core WebAssembly builds the worker picks from, and the English and Simplified
 * Chinese language data. Why a folder of its own and not the function's bundle: tesseract.js
 * computes its worker's path from `__dirname` when it loads (undefined in the functions' ESM
 * bundles) and spawns that worker from a file, whose core then reads its `.wasm` beside itself.
 * Synchronous, so the CDK app can run it before bundling functions (as web/build.ts for pages).
 */

/**
 * The cores the worker picks from at run time: relaxed SIMD, SIMD, plain. The full builds, not
 * the `-lstm` ones: tesseract.js 7's Node worker passes a boolean where getCore expects an OEM
 * number, so it always loads the full core (seen here: an ENOENT for tesseract-core-relaxedsimd.wasm).
 */
const CORES = ['tesseract-core-relaxedsimd', 'tesseract-core-simd', 'tesseract-core'];
/** Integer-quantised LSTM models (tesseract.js's own default for LSTM only): smaller and faster than 4.0.0. */
const LANGUAGES = { eng: '@tesseract.js-data/eng', chi_sim: '@tesseract.js-data/chi_sim' };
const MODEL = '4.0.0_best_int';
const STAMP_FILE = 'engine.json';

/** The versions the engine folder was built from: the same ones again need no rebuild. */
function engineStamp(modules: string): string {
  const version = (name: string) =>
    (JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as { version: string }).version;
  const names = ['tesseract.js', 'tesseract.js-core', 'esbuild', ...Object.values(LANGUAGES)];
  return JSON.stringify({ model: MODEL, cores: CORES, versions: names.map((name) => [name, version(name)]) });
}

export function buildOcrEngine(projectRoot: string): string {
  const outDir = join(projectRoot, packageAssets.ocrEngine.source);
  const modules = join(projectRoot, 'node_modules');
  const stamp = engineStamp(modules);
  // Every local start and every synth calls this: a folder built from the same packages is kept
  // (and never swapped under an OCR run of a backend already started).
  if (existsSync(join(outDir, STAMP_FILE)) && readFileSync(join(outDir, STAMP_FILE), 'utf8') === stamp) {
    return outDir;
  }
  // Built beside the old one and swapped in whole, so a concurrent reader never sees half of it.
  const staging = `${outDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'lang'), { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    legalComments: 'eof',
    // Node 24 has fetch: tesseract.js takes node-fetch only where it is missing.
    external: ['node-fetch'],
    logLevel: 'warning',
  };
  buildSync({
    ...common,
    entryPoints: [join(modules, 'tesseract.js/src/index.js')],
    outfile: join(staging, 'tesseract.cjs'),
  });
  buildSync({
    ...common,
    entryPoints: [join(modules, 'tesseract.js/src/worker-script/node/index.js')],
    outfile: join(staging, 'worker.cjs'),
  });
  for (const core of CORES)
    copyFileSync(join(modules, 'tesseract.js-core', `${core}.wasm`), join(staging, `${core}.wasm`));
  for (const [code, pkg] of Object.entries(LANGUAGES)) {
    const file = `${code}.traineddata.gz`;
    copyFileSync(join(modules, pkg, MODEL, file), join(staging, 'lang', file));
  }
  writeFileSync(join(staging, STAMP_FILE), stamp);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, '..'), { recursive: true });
  renameSync(staging, outDir);
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(buildOcrEngine(resolve(fileURLToPath(new URL('.', import.meta.url)), '..')));
}
