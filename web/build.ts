import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { packageAssets } from '../functions/contract';

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

/**
 * Builds the patient page with esbuild into `.build/patient-page` (the `patientPage` package
 * asset): content-hashed script and stylesheet (each also gzipped), the HTML that names them, and
 * a manifest the serving function reads. Synchronous, so the CDK app can run it before bundling functions.
 */
export function buildPatientPage(projectRoot: string): string {
  const outDir = join(projectRoot, packageAssets.patientPage.source);
  mkdirSync(outDir, { recursive: true });
  const result = buildSync({
    entryPoints: { app: join(projectRoot, 'web/patient/main.ts') },
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
  if (!script || !style) throw new Error('the patient page build produced no script or stylesheet');
  const template = readFileSync(join(projectRoot, 'web/patient/index.html'), 'utf8');
  const page = template.replace('{{script}}', `upload/${script}`).replace('{{style}}', `upload/${style}`);
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
