import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';

/**
 * What esbuild needs to bundle the DICOM viewer (web/hospital/viewer), for the hospital page's
 * build to merge into its own options. Synchronous and plugin-free, so `buildSync` (which the
 * CDK app needs) takes it as it is.
 *
 * Cornerstone's image loader finds its decode worker and its WebAssembly codecs with
 * `new URL('<specifier>', import.meta.url)`, which esbuild does not follow. So:
 * - the decode worker is bundled here, ahead of the page, into one self-contained ES module; the
 *   page gets its source through `define` (`__DICOM_DECODE_WORKER__`) and starts it from a
 *   blob: URL (web/hospital/viewer/cornerstone.ts);
 * - the codecs' .wasm files are imported by the viewer through the `file` loader, so the page
 *   build writes them (content-hashed, beside the chunks) and knows their URLs; the page hands
 *   those URLs to the worker in its name, and the worker's references to the codecs are
 *   rewritten to read them from there;
 * - Node-only modules the browser never reaches are left out: the codecs' Emscripten glue asks
 *   for `fs` and `path` only under Node (external: an unused require), and vtk.js's XML mesh
 *   readers (imported by Cornerstone's mesh cache, unused by a stack viewer) need xmlbuilder2,
 *   which needs Node's `events` and `url` (aliased to a module that throws if called).
 */
export interface ViewerBundling {
  /** Merge into the page's BuildOptions (`define` merged with the page's own). */
  readonly options: Pick<BuildOptions, 'define' | 'loader' | 'alias' | 'external'>;
  /** Output types the page build must keep and serve, beyond .js and .css. */
  readonly contentTypes: Readonly<Record<string, string>>;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const workerEntry = join(
  dirname(require.resolve('@cornerstonejs/dicom-image-loader')),
  'decodeImageFrameWorker.js',
);

/** The codecs the worker loads, by the specifier its decoders name them with. */
export const codecSpecifiers = [
  '@cornerstonejs/codec-charls/decodewasm',
  '@cornerstonejs/codec-openjpeg/decodewasm',
  '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
  '@cornerstonejs/codec-openjph/wasm',
  '@cornerstonejs/codec-libjxl/decodewasm',
] as const;

const sharedOptions = {
  external: ['fs', 'path'],
  alias: { xmlbuilder2: join(here, 'viewer/unavailable-module.ts') },
} satisfies BuildOptions;

/**
 * The decode worker as one ES module. Each `new URL('<codec specifier>', import.meta.url)`
 * becomes the URL the page passed in the worker's name (JSON), else the specifier itself.
 */
function buildDecodeWorker(minify: boolean): string {
  const result = buildSync({
    entryPoints: [workerEntry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    minify,
    legalComments: 'none',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    ...sharedOptions,
  });
  let code = result.outputFiles[0]?.text;
  if (!code) throw new Error('the DICOM decode worker build produced no script');
  for (const specifier of codecSpecifiers) {
    const literal = JSON.stringify(specifier);
    const found = code.split(literal).length - 1;
    if (found !== 1) throw new Error(`the decode worker names ${specifier} ${found} times, not once`);
    code = code.replace(literal, `(JSON.parse(self.name||"{}")[${literal}]||${literal})`);
  }
  return code;
}

/** The options and output types the hospital page's build merges for the viewer. */
export function viewerBundling(settings: { minify?: boolean } = {}): ViewerBundling {
  const worker = buildDecodeWorker(settings.minify ?? true);
  return {
    options: {
      ...sharedOptions,
      define: { __DICOM_DECODE_WORKER__: JSON.stringify(worker) },
      loader: { '.wasm': 'file' },
    },
    contentTypes: { '.wasm': 'application/wasm' },
  };
}
