import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../functions/adapters/settings';
import { TokenRefused, verifyAccessToken } from '../../../functions/adapters/sign-in-tokens';
import { env, signIn } from '../../../functions/contract';
import { startTestIssuer, type TestIssuer } from './test-issuer';

describe('sign-in token verification', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.stop());
  beforeEach(() => {
    process.env[env.authIssuer] = issuer.issuer;
  });

  const seconds = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: issuer.issuer,
    sub: 'a3c1e0f2-0000-4000-8000-000000000001',
    client_id: 'console-client',
    token_use: 'access',
    scope: 'openid',
    auth_time: seconds(),
    iat: seconds(),
    exp: seconds() + 600,
    jti: 'jti-1',
    username: 'a3c1e0f2-0000-4000-8000-000000000001',
    'cognito:groups': [signIn.coordinatorGroup],
    ...overrides,
  });

  const refusal = async (bearer: string) => {
    const error = await verifyAccessToken(bearer).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(TokenRefused);
    const { reason, subject } = error as TokenRefused;
    return { reason, subject };
  };

  it('accepts a token signed by a key the issuer publishes, fetching the keys once', async () => {
    issuer.requests = 0;
    const token = await verifyAccessToken(issuer.sign(claims()));
    expect(token).toEqual({
      sub: 'a3c1e0f2-0000-4000-8000-000000000001',
      clientId: 'console-client',
      scopes: ['openid'],
      groups: ['coordinators'],
      username: 'a3c1e0f2-0000-4000-8000-000000000001',
    });
    await verifyAccessToken(issuer.sign(claims({ jti: 'jti-2' })));
    expect(issuer.requests).toBeLessThanOrEqual(1);
  });

  it('refuses a tampered token: a claim changed after signing', async () => {
    const [header, , signature] = issuer.sign(claims()).split('.');
    const forged = Buffer.from(
      JSON.stringify(claims({ 'cognito:groups': [signIn.coordinatorGroup, 'hospital-hosp_x'] })),
    ).toString('base64url');
    expect(await refusal(`${header}.${forged}.${signature}`)).toEqual({
      reason: 'bad-signature',
      subject: undefined,
    });
    // A signature cut short or swapped for another token's.
    const other = issuer.sign(claims({ sub: 'someone-else' })).split('.')[2];
    const [h, p] = issuer.sign(claims()).split('.');
    expect((await refusal(`${h}.${p}.${other}`)).reason).toBe('bad-signature');
    // No signature at all is not even a JWS.
    expect((await refusal(`${h}.${p}.`)).reason).toBe('malformed');
  });

  it('refuses a token signed by a key the issuer does not publish, under its kid or another', async () => {
    expect((await refusal(issuer.sign(claims(), { key: issuer.strangerKey }))).reason).toBe('bad-signature');
    expect((await refusal(issuer.sign(claims(), { kid: 'not-a-published-kid' }))).reason).toBe(
      'bad-signature',
    );
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: issuer.kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims())).toString('base64url');
    expect((await refusal(`${header}.${payload}.`)).reason).toBe('malformed');
    expect((await refusal(`${header}.${payload}.c2lnbmF0dXJl`)).reason).toBe('bad-signature');
  });

  it('refuses a genuine token of another issuer, an expired one and an ID token, naming their subject', async () => {
    expect(await refusal(issuer.sign(claims({ iss: 'http://127.0.0.1:1/other-pool' })))).toEqual({
      reason: 'wrong-issuer',
      subject: 'a3c1e0f2-0000-4000-8000-000000000001',
    });
    expect(await refusal(issuer.sign(claims({ exp: seconds() - 5 })))).toEqual({
      reason: 'expired',
      subject: 'a3c1e0f2-0000-4000-8000-000000000001',
    });
    expect((await refusal(issuer.sign(claims({ token_use: 'id' })))).reason).toBe('not-access-token');
    expect((await refusal(issuer.sign(claims({ client_id: undefined })))).reason).toBe('missing-claims');
  });

  it('refuses what is no JWT at all', async () => {
    for (const bearer of ['ht_notajwt', 'a.b', 'a.b.c.d', '...', 'e30.e30.']) {
      expect((await refusal(bearer)).reason).toMatch(/^(malformed|bad-signature)$/);
    }
  });

  it('reports keys it cannot fetch as a failure, not as a bad token', async () => {
    process.env[env.authIssuer] = 'http://127.0.0.1:9';
    const error = await verifyAccessToken(issuer.sign(claims({ iss: 'http://127.0.0.1:9' }))).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TokenRefused);
  });

  it('fetches keys over plain HTTP from loopback only', async () => {
    process.env[env.authIssuer] = 'http://issuer.example.org/pool';
    await expect(verifyAccessToken(issuer.sign(claims()))).rejects.toBeInstanceOf(ConfigurationError);
  });
});
