import { JwtVerifier } from 'aws-jwt-verify';
import {
  FetchError,
  JwksValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtNotBeforeError,
  JwtParseError,
  NonRetryableFetchError,
} from 'aws-jwt-verify/error';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { type JwksCache, SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { env } from '../contract';
import {
  type AccessToken,
  checkAccessToken,
  type SignInClients,
  type TokenProblem,
} from '../core/sign-in-rules';
import { ConfigurationError, setting } from './settings';

/**
 * Why a bearer is not a valid access token: it is not a JWT, its signature does not verify (tampered,
 * or signed by a key the issuer does not publish), or the claims say no (core/sign-in-rules).
 */
export type TokenRefusalReason = 'malformed' | 'bad-signature' | TokenProblem;

/** A bearer refused as a token (a 401). `subject` is set only when the signature verified. */
export class TokenRefused extends Error {
  constructor(
    readonly reason: TokenRefusalReason,
    readonly subject?: string,
  ) {
    super(`access token refused: ${reason}`);
    this.name = 'TokenRefused';
  }
}

/** The issuer and app clients of this deployment's sign-in, from settings. */
export function signInClients(): SignInClients {
  return {
    issuer: setting('authIssuer'),
    consoleClientId: setting('authConsoleClientId'),
    machineClientId: setting('authMachineClientId'),
  };
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;
const isLoopback = (url: URL) => LOOPBACK.test(url.hostname);

/**
 * Fetches the issuer's keys. aws-jwt-verify's own fetcher speaks HTTPS only (Node's `https`
 * module); Cognito's JWKS is HTTPS and goes through it unchanged. The local provider listens on
 * plain HTTP on loopback, which no one else can reach, so loopback HTTP is fetched with Node's
 * fetch; plain HTTP anywhere else is refused.
 */
const httpsFetcher = new SimpleFetcher();
const issuerKeysFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const url = new URL(uri);
    if (url.protocol === 'https:') return httpsFetcher.fetch(uri);
    if (url.protocol !== 'http:' || !isLoopback(url))
      throw new NonRetryableFetchError(uri, 'keys are fetched over HTTPS (plain HTTP on loopback only)');
    const response = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'error' }).catch(
      (error: Error) => {
        throw new FetchError(uri, error.message);
      },
    );
    if (response.status !== 200)
      throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    return response.arrayBuffer();
  },
};

function verifierFor(issuer: string) {
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    throw new ConfigurationError(env.authIssuer, 'invalid');
  const jwksCache: JwksCache = new SimpleJwksCache({ fetcher: issuerKeysFetcher });
  return JwtVerifier.create(
    {
      issuer,
      // Cognito access tokens carry no `aud`: the app client is `client_id`, checked by the rules.
      audience: null,
      // Where Cognito publishes a user pool's keys.
      jwksUri: `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
      includeRawJwtInErrors: true,
    },
    { jwksCache },
  );
}

const subjectOf = (payload: Record<string, unknown>) =>
  typeof payload.sub === 'string' && payload.sub ? payload.sub : undefined;

/** One verifier per issuer and warm Lambda: its JWKS cache lives as long as the instance. */
let cached: { issuer: string; verifier: ReturnType<typeof verifierFor> } | undefined;

/** Whether a bearer has the shape of a JWT (three base64url parts); opaque API tokens have none. */
export function looksLikeJwt(bearer: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(bearer);
}

/**
 * Verifies a sign-in access token: signature by a key the issuer publishes (RS256 and the other
 * algorithms aws-jwt-verify allows, never `none`), issuer, expiry, `token_use: "access"` and the
 * claims' shape. Throws TokenRefused for a bad token; a failure to fetch the keys is thrown as it is
 * (a 500, not a 401: the caller's token may be fine).
 */
export async function verifyAccessToken(bearer: string): Promise<AccessToken> {
  const issuer = setting('authIssuer');
  if (cached?.issuer !== issuer) cached = { issuer, verifier: verifierFor(issuer) };
  if (!looksLikeJwt(bearer)) throw new TokenRefused('malformed');
  let payload: Record<string, unknown>;
  try {
    payload = await cached.verifier.verify(bearer);
  } catch (error) {
    throw refusalFor(error);
  }
  // The rules (core/sign-in-rules) over the verified claims, once: they also give the typed token.
  const checked = checkAccessToken(payload, issuer, Math.floor(Date.now() / 1000));
  if (!checked.ok) throw new TokenRefused(checked.problem, subjectOf(payload));
  return checked.value;
}

function refusalFor(error: unknown): unknown {
  // Signed genuinely (the library includes the payload only then), but refused by its claims.
  const raw = (error as { rawJwt?: { payload?: Record<string, unknown> } }).rawJwt?.payload;
  const subject = raw ? subjectOf(raw) : undefined;
  const claimRefusal = (reason: TokenRefusalReason) => new TokenRefused(reason, subject);
  if (error instanceof JwtExpiredError) return claimRefusal('expired');
  if (error instanceof JwtNotBeforeError) return claimRefusal('not-before');
  if (error instanceof JwtInvalidIssuerError) return claimRefusal('wrong-issuer');
  if (error instanceof JwtParseError) return new TokenRefused('malformed');
  // Keys that cannot be fetched or read say nothing about the token: not a refusal.
  if (error instanceof FetchError || error instanceof JwksValidationError) return error;
  // An invalid signature, a kid the issuer does not publish, an algorithm it does not use.
  if (error instanceof JwtBaseError) return new TokenRefused('bad-signature');
  return error;
}
