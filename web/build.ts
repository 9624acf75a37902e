import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, buildSync } from 'esbuild';
import { type PackageAssetName, packageAssets } from '../functions/contract';
import { viewerBundling } from './hospital/viewer-bundling';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Written beside the files so a concurrent build never leaves a half-written one to read. */
function writeAtomically(path: string, body: string | Uint8Array) {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, body);
  renameSync(temporary, path);
}

/** One web page: its package asset, its script's entry, its HTML template, and the path it is served under. */
interface PageSource {
  readonly asset: PackageAssetName;
  /** The script's entry module, relative to the project root; its CSS imports become the stylesheet. */
  readonly entry: string;
  /** HTML naming `{{script}}` and `{{style}}`. */
  readonly template: string;
  /** The route the page is served from (`upload`): its assets are `<path>/<name>`. */
  readonly path: string;
  /**
   * Code loaded only when needed (the portal's DICOM viewer) becomes chunks of its own, so the
   * first page does not wait for it; with the build options and file types that code needs.
   */
  readonly split?: {
    readonly options: BuildOptions;
    readonly contentTypes: Readonly<Record<string, string>>;
  };
}

/**
 * Builds a page with esbuild into its package asset's folder: content-hashed script and
 * stylesheet (each also gzipped), the HTML that names them, and a manifest the serving function
 * reads. Synchronous, so the CDK app can run it before bundling functions.
 */
function buildPage(projectRoot: string, source: PageSource): string {
  const outDir = join(projectRoot, packageAssets[source.asset].source);
  mkdirSync(outDir, { recursive: true });
  const types = { ...contentTypes, ...source.split?.contentTypes };
  const result = buildSync({
    ...source.split?.options,
    entryPoints: { app: join(projectRoot, source.entry) },
    bundle: true,
    splitting: source.split !== undefined,
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    minify: true,
    // Served as UTF-8: the catalogues' letters as they are, not six-byte \u escapes.
    charset: 'utf8',
    legalComments: 'eof',
    write: false,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"', ...source.split?.options.define },
    logLevel: 'warning',
  });
  // The entry's own script and stylesheet are the ones the HTML names; the rest load on demand.
  const entryOutput = Object.entries(result.metafile?.outputs ?? {}).find(([, output]) =>
    output.entryPoint?.endsWith(source.entry),
  );
  const relative = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const assets: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const name = file.path.slice(outDir.length + 1);
    const extension = name.slice(name.lastIndexOf('.'));
    const contentType = types[extension];
    if (!contentType) continue;
    writeAtomically(file.path, file.contents);
    // Precompressed: API Gateway does not compress, and patients abroad may be on slow links.
    writeAtomically(`${file.path}.gz`, gzipSync(file.contents, { level: 9 }));
    assets[name] = contentType;
  }
  const script = entryOutput ? relative(entryOutput[0]) : undefined;
  const style = entryOutput?.[1].cssBundle ? relative(entryOutput[1].cssBundle) : undefined;
  if (!script || !style) throw new Error(`the ${source.asset} build produced no script or stylesheet`);
  const template = readFileSync(join(projectRoot, source.template), 'utf8');
  // Stylesheets of chunks loaded later (the viewer's) are linked up front: they are small, and a
  // chunk's CSS is otherwise never loaded (esbuild splits it out but nothing requests it).
  const chunkStyles = Object.keys(assets)
    .filter((name) => name.endsWith('.css') && name !== style)
    .map((name) => `<link rel="stylesheet" href="${source.path}/${name}" />`);
  const page = template
    .replace('{{script}}', `${source.path}/${script}`)
    .replace(/<link rel="stylesheet" href="\{\{style\}\}" \/>/, (tag) =>
      [tag.replace('{{style}}', `${source.path}/${style}`), ...chunkStyles].join('\n    '),
    );
  const pageName = `index-${createHash('sha256').update(page).digest('hex').slice(0, 8)}.html`;
  writeAtomically(join(outDir, pageName), page);
  writeAtomically(join(outDir, 'manifest.json'), `${JSON.stringify({ page: pageName, assets }, null, 2)}\n`);
  // Earlier builds' files would ride along into the Lambda asset: only this build's stay.
  const current = new Set([
    'manifest.json',
    pageName,
    ...Object.keys(assets).flatMap((name) => [name, `${name}.gz`]),
  ]);
  for (const name of readdirSync(outDir)) {
    if (!current.has(name) && !name.endsWith('.tmp')) rmSync(join(outDir, name), { force: true });
  }
  return outDir;
}

/** The patient upload page, into `.build/patient-page` (the `patientPage` package asset). */
export function buildPatientPage(projectRoot: string): string {
  return buildPage(projectRoot, {
    asset: 'patientPage',
    entry: 'web/patient/main.ts',
    template: 'web/patient/index.html',
    path: 'upload',
    // Each language other than English is a chunk of its own, fetched when the page speaks it.
    split: { options: {}, contentTypes: {} },
  });
}

/**
 * The coordinator console, into `.build/console-page` (the `consolePage` package asset). Its
 * HTML keeps a `{{settings}}` placeholder: the serving function fills in the sign-in settings.
 */
export function buildConsolePage(projectRoot: string): string {
  return buildPage(projectRoot, {
    asset: 'consolePage',
    entry: 'web/console/main.ts',
    template: 'web/console/index.html',
    path: 'console',
  });
}

/** The public booking page for the strategy call, into `.build/booking-page` (the `bookingPage` package asset). */
export function buildBookingPage(projectRoot: string): string {
  return buildPage(projectRoot, {
    asset: 'bookingPage',
    entry: 'web/booking/main.ts',
    template: 'web/booking/index.html',
    path: 'book',
  });
}

/**
 * The hospital portal, into `.build/hospital-page` (the `hospitalPage` package asset): served
 * like the console (the serving function fills in the sign-in settings), its DICOM viewer and
 * the viewer's codecs and workers in chunks the page loads when a specialist opens the images.
 */
export function buildHospitalPage(projectRoot: string): string {
  return buildPage(projectRoot, {
    asset: 'hospitalPage',
    entry: 'web/hospital/main.ts',
    template: 'web/hospital/index.html',
    path: 'hospital',
    split: viewerBundling(),
  });
}
