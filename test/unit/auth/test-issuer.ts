import { createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An issuer for tests: RSA keys made here, their public half served as a JWKS on loopback at
 * `<issuer>/.well-known/jwks.json` (where Cognito publishes a user pool's), and tokens signed with
 * them. `requests` counts the key fetches.
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly kid: string;
  requests: number;
  sign(claims: Record<string, unknown>, options?: { kid?: string; key?: KeyObject; alg?: string }): string;
  /** A key pair the issuer does not publish. */
  readonly strangerKey: KeyObject;
  stop(): Promise<void>;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = randomBytes(8).toString('hex');
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }],
  });
  const state = { requests: 0 };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    state.requests += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    kid,
    get requests() {
      return state.requests;
    },
    set requests(value) {
      state.requests = value;
    },
    strangerKey: stranger,
    sign(claims, options = {}) {
      const header = part({ alg: options.alg ?? 'RS256', kid: options.kid ?? kid });
      const payload = part(claims);
      const signature = createSign('RSA-SHA256')
        .update(`${header}.${payload}`)
        .sign(options.key ?? privateKey)
        .toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
