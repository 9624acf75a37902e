import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../../functions/api/public/hospital-get';
import { buckets, env, packageAssets } from '../../../../functions/contract';
import { projectRoot } from '../../../../scripts/local/backend';
import { buildHospitalPage } from '../../../../web/build';
import { pageGetter } from './page-request';

const get = pageGetter(handler);

const settingsBlock = (html: string) =>
  /<script type="application\/json" id="portal-settings">([^<]*)<\/script>/.exec(html)?.[1];

describe('the hospital portal function', () => {
  let outDir = '';
  beforeAll(() => {
    outDir = buildHospitalPage(projectRoot);
    process.env[packageAssets.hospitalPage.envVar] = outDir;
    process.env[buckets.relay.envVar] = 'oso-relay-123';
    process.env.AWS_REGION = 'us-east-1';
    process.env[env.authOauthUrl] = 'https://sign-in.example.org/';
    process.env[env.authConsoleClientId] = 'console-client-1';
    delete process.env.AWS_ENDPOINT_URL_S3;
  }, 120_000);

  it('serves the page under a CSP that allows its WebAssembly codecs and workers, the OAuth origin and the relay bucket only', async () => {
    const { statusCode, headers, body } = await get();
    expect([statusCode, headers['x-frame-options']]).toEqual([200, 'DENY']);
    expect(headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; " +
        "img-src 'self' data: blob:; " +
        "connect-src 'self' https://sign-in.example.org https://oso-relay-123.s3.us-east-1.amazonaws.com; " +
        "form-action https://sign-in.example.org; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(body).toContain('<html lang="zh-Hans">');
    expect(body.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="application/json" id="portal-settings">',
      expect.stringMatching(/^<script type="module" src="hospital\/app-[A-Z0-9]+\.js">$/),
    ]);
    expect(JSON.parse(settingsBlock(body) ?? '')).toEqual({
      oauthUrl: 'https://sign-in.example.org/',
      clientId: 'console-client-1',
    });
  });

  it('serves every file of the build: scripts and styles as text, anything else (codecs) as bytes, gzipped on request', async () => {
    const manifest = (await import(`${outDir}/manifest.json`, { with: { type: 'json' } })).default as {
      assets: Record<string, string>;
    };
    const names = Object.keys(manifest.assets);
    // The first page loads one script; the viewer and the downloads are chunks of their own.
    expect(names.filter((name) => name.endsWith('.js')).length).toBeGreaterThan(1);
    for (const [name, contentType] of Object.entries(manifest.assets)) {
      const plain = await get(name);
      expect([plain.statusCode, plain.headers['content-type']], name).toEqual([200, contentType]);
      const zipped = await get(name, { 'accept-encoding': 'gzip, br' });
      const bytes = gunzipSync(Buffer.from(zipped.body, 'base64'));
      const raw = plain.isBase64Encoded ? Buffer.from(plain.body, 'base64') : Buffer.from(plain.body);
      expect(bytes.equals(raw), name).toBe(true);
      expect(plain.isBase64Encoded ?? false, name).toBe(!/javascript|css|json/.test(contentType));
    }
    expect((await get('manifest.json')).statusCode).toBe(404);
  });
});
