import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../../functions/api/public/upload-get';
import { buckets, packageAssets } from '../../../../functions/contract';
import { projectRoot } from '../../../../scripts/local/backend';
import { buildPatientPage } from '../../../../web/build';
import { pageGetter } from './page-request';

const get = pageGetter(handler);

describe('the patient page function', () => {
  beforeAll(() => {
    process.env[packageAssets.patientPage.envVar] = buildPatientPage(projectRoot);
    process.env[buckets.intake.envVar] = 'oso-intake-123';
    process.env.AWS_REGION = 'us-east-1';
    delete process.env.AWS_ENDPOINT_URL_S3;
  });

  it('serves the page uncached, with a CSP that lets it talk to this API and the intake bucket only', async () => {
    const page = await get();
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self' https://oso-intake-123.s3.us-east-1.amazonaws.com; form-action 'none'; " +
        "frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toMatch(/<script type="module" src="upload\/app-[A-Z0-9]+\.js"><\/script>/);
  });

  it('serves each hashed asset, gzipped when the browser accepts it, and nothing else', async () => {
    const script = /src="upload\/(app-[A-Z0-9]+\.js)"/.exec((await get()).body)?.[1] ?? '';
    const plain = await get(script);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gzipped = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(gzipped.body, 'base64')).toString('utf8')).toBe(plain.body);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
    for (const name of ['manifest.json', '../package.json', `${script}.gz`, 'index.html', '']) {
      expect((await get(name)).statusCode).toBe(404);
    }
  });

  it('names the local emulator in the CSP where the SDK is pointed at one', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4569/';
    try {
      expect((await get()).headers['content-security-policy']).toContain(
        "connect-src 'self' http://127.0.0.1:4569;",
      );
    } finally {
      delete process.env.AWS_ENDPOINT_URL_S3;
    }
  });
});
