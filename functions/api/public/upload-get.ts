import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { assetPath, bucketName, setting } from '../../adapters/settings';

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
function pageFiles(): PageFiles {
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

/** Where the browser sends files: the intake bucket's endpoint (the emulator's locally). */
function uploadOrigin(): string {
  const endpoint = setting('s3Endpoint');
  if (endpoint) return new URL(endpoint).origin;
  return `https://${bucketName('intake')}.s3.${setting('awsRegion')}.amazonaws.com`;
}

/**
 * The page may run its own script and talk to this API and the intake bucket, nothing else:
 * it holds the patient's token. Uppy sets style attributes, hence 'unsafe-inline' for styles only.
 */
function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ${uploadOrigin()}`,
      "form-action 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
  };
}

/** GET /upload serves the page; GET /upload/{asset} its content-hashed script and stylesheet. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const files = pageFiles();
  const name = event.pathParameters?.asset;
  if (name === undefined) {
    return {
      statusCode: 200,
      headers: {
        ...securityHeaders(),
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      },
      body: files.page,
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
    ...(gzip ? { body: asset.gzipped, isBase64Encoded: true } : { body: asset.body }),
  };
}
