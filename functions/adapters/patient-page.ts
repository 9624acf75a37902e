import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from './settings';

/** What web/build.ts writes beside the files: the page and its hashed assets. */
interface PageManifest {
  readonly page: string;
  readonly assets: Record<string, string>;
}

interface PageFiles {
  readonly page: string;
  readonly assets: ReadonlyMap<
    string,
    { readonly body: string; readonly gzipped: string; readonly contentType: string }
  >;
}

let cached: PageFiles | undefined;

/** Read once per container from PATIENT_PAGE_DIR (beside the bundle in Lambda). */
export function pageFiles(): PageFiles {
  if (!cached) {
    const dir = assetPath('patientPage');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PageManifest;
    cached = {
      page: readFileSync(join(dir, manifest.page), 'utf8'),
      assets: new Map(
        Object.entries(manifest.assets).map(([name, contentType]) => [
          name,
          {
            body: readFileSync(join(dir, name), 'utf8'),
            gzipped: readFileSync(join(dir, `${name}.gz`)).toString('base64'),
            contentType,
          },
        ]),
      ),
    };
  }
  return cached;
}
