import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageAssets } from '../../functions/contract';

/**
 * What the hospital portal's first page costs a browser, from the build the backend serves
 * (`.build/hospital-page`, written by web/build.ts at start): the HTML, the script and the
 * stylesheets it names, gzipped as they are sent; and the chunks loaded only on demand.
 */
export function portalFirstPageBytes(projectRoot: string): {
  gzip: number;
  files: number;
  onDemandGzip: number;
} {
  const dir = join(projectRoot, packageAssets.hospitalPage.source);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    page: string;
    assets: Record<string, string>;
  };
  const html = readFileSync(join(dir, manifest.page), 'utf8');
  const named = Object.keys(manifest.assets).filter((name) => html.includes(`/${name}"`));
  const gzipOf = (name: string) => statSync(join(dir, `${name}.gz`)).size;
  const onDemand = Object.keys(manifest.assets).filter(
    (name) => !named.includes(name) && name.endsWith('.js'),
  );
  return {
    gzip: Buffer.byteLength(html) + named.reduce((total, name) => total + gzipOf(name), 0),
    files: named.length + 1,
    onDemandGzip: onDemand.reduce((total, name) => total + gzipOf(name), 0),
  };
}
