import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { assetPath, bucketName, setting } from './settings';

/** The web pages web/build.ts writes: the patient's upload page, the coordinator console, the hospital portal. */
export type WebPage = 'patientPage' | 'consolePage' | 'hospitalPage' | 'bookingPage';

/** Text assets travel as text; anything else (the viewer's WebAssembly codecs) as base64. */
const isText = (contentType: string) => /^text\/|javascript|json/.test(contentType);

/** What web/build.ts writes beside the files: the page and its hashed assets. */
interface PageManifest {
  readonly page: string;
  readonly assets: Record<string, string>;
}

interface PageFiles {
  readonly page: string;
  readonly assets: ReadonlyMap<
    string,
    {
      readonly body: string;
      readonly binary: boolean;
      readonly gzipped: string;
      readonly contentType: string;
    }
  >;
}

const cached = new Map<WebPage, PageFiles>();

/** Read once per container from the page's asset folder (beside the bundle in Lambda). */
function pageFiles(page: WebPage): PageFiles {
  let files = cached.get(page);
  if (!files) {
    const dir = assetPath(page);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PageManifest;
    files = {
      page: readFileSync(join(dir, manifest.page), 'utf8'),
      assets: new Map(
        Object.entries(manifest.assets).map(([name, contentType]) => [
          name,
          {
            body: isText(contentType)
              ? readFileSync(join(dir, name), 'utf8')
              : readFileSync(join(dir, name)).toString('base64'),
            binary: !isText(contentType),
            gzipped: readFileSync(join(dir, `${name}.gz`)).toString('base64'),
            contentType,
          },
        ]),
      ),
    };
    cached.set(page, files);
  }
  return files;
}

/** The origin of a bucket's presigned URLs (the emulator's locally, virtual-hosted S3 in AWS). */
function bucketOrigin(bucket: 'intake' | 'relay'): string {
  const endpoint = setting('s3Endpoint');
  if (endpoint) return new URL(endpoint).origin;
  return `https://${bucketName(bucket)}.s3.${setting('awsRegion')}.amazonaws.com`;
}

/** Where browsers send files: the intake bucket's endpoint. */
export const uploadOrigin = (): string => bucketOrigin('intake');

/** Where the hospital portal reads package files from: the relay bucket's endpoint. */
export const relayOrigin = (): string => bucketOrigin('relay');

/**
 * GET /<page> answers the HTML (uncached, under the page's security headers, passed through
 * `render` for what is filled in at serve time); GET /<page>/{asset} a content-hashed script or
 * stylesheet, gzipped when the browser accepts it; any other name 404.
 */
export function pageResponse(
  event: APIGatewayProxyEventV2,
  page: WebPage,
  options: { readonly headers: Record<string, string>; readonly render?: (html: string) => string },
): APIGatewayProxyStructuredResultV2 {
  const files = pageFiles(page);
  const name = event.pathParameters?.asset;
  if (name === undefined) {
    return {
      statusCode: 200,
      headers: {
        ...options.headers,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      },
      body: options.render ? options.render(files.page) : files.page,
    };
  }
  const asset = files.assets.get(name);
  if (!asset) {
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' },
      body: JSON.stringify({ error: { code: 'not_found', message: 'No such file.' } }),
    };
  }
  const gzip = /\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '');
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.contentType,
      // The name carries the content hash: a new build is a new name.
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    ...(gzip
      ? { body: asset.gzipped, isBase64Encoded: true }
      : { body: asset.body, isBase64Encoded: asset.binary }),
  };
}
