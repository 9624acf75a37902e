import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../../functions/api/public/console-get';
import { buckets, env, packageAssets } from '../../../../functions/contract';
import { projectRoot } from '../../../../scripts/local/backend';
import { buildConsolePage } from '../../../../web/build';
import { pageGetter } from './page-request';

const get = pageGetter(handler);

/** The JSON data block the page reads its sign-in settings from. */
const settingsBlock = (html: string) =>
  /<script type="application\/json" id="console-settings">([^<]*)<\/script>/.exec(html)?.[1];

describe('the coordinator console function', () => {
  beforeAll(() => {
    process.env[packageAssets.consolePage.envVar] = buildConsolePage(projectRoot);
    process.env[buckets.intake.envVar] = 'oso-intake-123';
    process.env.AWS_REGION = 'us-east-1';
    process.env[env.authOauthUrl] = 'https://sign-in.example.org/';
    process.env[env.authConsoleClientId] = 'console-client-1';
    delete process.env.AWS_ENDPOINT_URL_S3;
  }, 60_000);

  it('serves the page under a CSP with no inline script, talking only to itself, the OAuth origin and the intake bucket', async () => {
    const { statusCode, headers, body } = await get();
    expect([statusCode, headers['x-frame-options']]).toEqual([200, 'DENY']);
    expect(headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "connect-src 'self' https://sign-in.example.org https://oso-intake-123.s3.us-east-1.amazonaws.com; " +
        "form-action https://sign-in.example.org; frame-ancestors 'none'; base-uri 'none'",
    );
    // Two script elements: the settings (data, never run) and the bundle from this origin.
    expect(body.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="application/json" id="console-settings">',
      expect.stringMatching(/^<script type="module" src="console\/app-[A-Z0-9]+\.js">$/),
    ]);
    expect(body).toMatch(/<link rel="stylesheet" href="console\/app-[A-Z0-9]+\.css" \/>/);
  });

  it('embeds the sign-in settings from the environment as a JSON data block, escaped so no value can end it', async () => {
    expect(JSON.parse(settingsBlock((await get()).body) ?? '')).toEqual({
      oauthUrl: 'https://sign-in.example.org/',
      clientId: 'console-client-1',
    });
    process.env[env.authConsoleClientId] = 'x</script><script>alert(1)</script>';
    try {
      const body = (await get()).body;
      expect(body).not.toContain('</script><script>alert(1)');
      expect(JSON.parse(settingsBlock(body) ?? '').clientId).toBe('x</script><script>alert(1)</script>');
    } finally {
      process.env[env.authConsoleClientId] = 'console-client-1';
    }
  });

  it('serves its hashed script and stylesheet, and answers 404 for any other name', async () => {
    const body = (await get()).body;
    const assets = [...body.matchAll(/"console\/(app-[A-Z0-9]+\.(?:js|css))"/g)].map(
      (found) => found[1] ?? '',
    );
    expect(assets).toHaveLength(2);
    for (const asset of assets) expect((await get(asset)).statusCode).toBe(200);
    const script = /src="console\/(app-[A-Z0-9]+\.js)"/.exec(body)?.[1] ?? '';
    for (const name of ['manifest.json', '../package.json', `${script}.gz`, 'index.html', 'cases', '']) {
      const missing = await get(name);
      expect(missing.statusCode).toBe(404);
      expect(JSON.parse(missing.body)).toEqual({ error: { code: 'not_found', message: 'No such file.' } });
    }
  });

  it('names the local S3 emulator and the local provider where the SDK and the settings point at them', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4569/';
    process.env[env.authOauthUrl] = 'http://127.0.0.1:4600';
    try {
      const csp = (await get()).headers['content-security-policy'];
      expect(csp).toContain("connect-src 'self' http://127.0.0.1:4600 http://127.0.0.1:4569;");
      expect(csp).toContain('form-action http://127.0.0.1:4600;');
    } finally {
      delete process.env.AWS_ENDPOINT_URL_S3;
      process.env[env.authOauthUrl] = 'https://sign-in.example.org/';
    }
  });
});
