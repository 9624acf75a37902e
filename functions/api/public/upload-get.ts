import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { pageFiles } from '../../adapters/patient-page';
import { bucketName, setting } from '../../adapters/settings';
import { pageSecurityHeaders } from '../../core/page-security';

/** Where the browser sends files: the intake bucket's endpoint (the emulator's locally). */
function uploadOrigin(): string {
  const endpoint = setting('s3Endpoint');
  if (endpoint) return new URL(endpoint).origin;
  return `https://${bucketName('intake')}.s3.${setting('awsRegion')}.amazonaws.com`;
}

/** GET /upload serves the page; GET /upload/{asset} its content-hashed script and stylesheet. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const files = pageFiles();
  const name = event.pathParameters?.asset;
  if (name === undefined) {
    return {
      statusCode: 200,
      headers: {
        ...pageSecurityHeaders(uploadOrigin()),
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
