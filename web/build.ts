import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { type PackageAssetName, packageAssets } from '../functions/contract';

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
}

/**
 * Builds a page with esbuild into its package asset's folder: content-hashed script and
 * stylesheet (each also gzipped), the HTML that names them, and a manifest the serving function
 * reads. Synchronous, so the CDK app can run it before bundling functions.
 */
function buildPage(projectRoot: string, source: PageSource): string {
  const outDir = join(projectRoot, packageAssets[source.asset].source);
  mkdirSync(outDir, { recursive: true });
  const result = buildSync({
    entryPoints: { app: join(projectRoot, source.entry) },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    minify: true,
    legalComments: 'eof',
    write: false,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const assets: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const name = file.path.slice(outDir.length + 1);
    const extension = name.slice(name.lastIndexOf('.'));
    const contentType = contentTypes[extension];
    if (!contentType) continue;
    writeAtomically(file.path, file.contents);
    // Precompressed: API Gateway does not compress, and patients abroad may be on slow links.
    writeAtomically(`${file.path}.gz`, gzipSync(file.contents, { level: 9 }));
    assets[name] = contentType;
  }
  const script = Object.keys(assets).find((name) => name.endsWith('.js'));
  const style = Object.keys(assets).find((name) => name.endsWith('.css'));
  if (!script || !style) throw new Error(`the ${source.asset} build produced no script or stylesheet`);
  const template = readFileSync(join(projectRoot, source.template), 'utf8');
  const page = template
    .replace('{{script}}', `${source.path}/${script}`)
    .replace('{{style}}', `${source.path}/${style}`);
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
