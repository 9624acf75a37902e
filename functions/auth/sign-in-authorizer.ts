import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { logger } from '../adapters/logger';
import { looksLikeJwt, signInClients, TokenRefused, verifyAccessToken } from '../adapters/sign-in-tokens';
import type { AccessToken, Checked, SignInClients } from '../core/sign-in-rules';
import { auditRefusal } from './refusal-audit';
import type { AuthorizerContext } from './token-authorizer';

/** What API Gateway gives a REQUEST authorizer (payload 2.0) that the authorizers read. */
export type AuthorizerEvent = Pick<APIGatewayRequestAuthorizerEventV2, 'headers'> & {
  routeKey?: string;
  requestContext?: { http?: { sourceIp?: string } };
};

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

/** A sign-in access token is larger than an API token; Cognito's stay well under this. */
const MAX_BEARER = 8192;

/** The bearer of `Authorization: Bearer <token>`, or undefined. */
export function bearerOf(event: AuthorizerEvent): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  const match = /^Bearer (\S+)$/.exec(header.trim());
  return match?.[1] && match[1].length <= MAX_BEARER ? match[1] : undefined;
}

/**
 * Authorizes a request by its sign-in access token and a rule. A bearer that is no valid token
 * (missing, malformed, tampered, expired, another issuer's) throws `Unauthorized`: API Gateway's
 * 401. A genuine token the rule refuses (a hospital's staff on a coordinator route, a person in no
 * group) is answered `isAuthorized: false`: API Gateway's 403. Every refusal is audited, bounded,
 * naming the token by its hash or, once its signature verified, the person by their subject's.
 */
export async function authorizeSignIn<T>(
  event: AuthorizerEvent,
  bearer: string | undefined,
  rule: (token: AccessToken, clients: SignInClients) => Checked<T, string> | Promise<Checked<T, string>>,
  allow: (value: T) => AuthorizerContext,
): Promise<AuthorizerResult> {
  const refuse = async (reason: string, subject?: string) => {
    logger.info('sign-in token refused', { reason });
    const sourceIp = event.requestContext?.http?.sourceIp;
    await auditRefusal({
      reason,
      ...(subject ? { subject } : bearer && looksLikeJwt(bearer) ? { token: bearer } : {}),
      ...(event.routeKey ? { routeKey: event.routeKey } : {}),
      ...(sourceIp ? { sourceIp } : {}),
    });
  };
  if (!bearer) {
    await refuse('missing');
    throw new Error('Unauthorized');
  }
  let token: AccessToken;
  try {
    token = await verifyAccessToken(bearer);
  } catch (error) {
    if (!(error instanceof TokenRefused)) throw error;
    await refuse(error.reason, error.subject);
    throw new Error('Unauthorized');
  }
  const decision = await rule(token, signInClients());
  if (!decision.ok) {
    await refuse(decision.problem, token.sub);
    return { isAuthorized: false, context: {} };
  }
  return { isAuthorized: true, context: allow(decision.value) };
}
