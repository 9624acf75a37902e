import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { logger } from '../adapters/logger';
import { findGrant } from '../adapters/token-store';
import { type TokenRole, tokenLooksValid } from '../core/ids';
import { auditRefusal } from './refusal-audit';

export type AuthorizerContext = Record<string, string>;

/**
 * The token authorizer, one instance per role. A token of another role is not a valid token
 * on this route. Failing throws `Unauthorized`, which API Gateway answers with 401.
 */
export function createTokenAuthorizer(role: TokenRole) {
  return async (
    event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers'> & {
      routeKey?: string;
      requestContext?: { http?: { sourceIp?: string } };
    },
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
    const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim());
    const token = match?.[1];
    const grant = token && tokenLooksValid(token) ? await findGrant(token) : undefined;
    if (!grant || grant.role !== role) {
      const reason = !token
        ? 'missing'
        : !tokenLooksValid(token)
          ? 'malformed'
          : grant
            ? 'wrong-role'
            : 'unknown-expired-or-revoked';
      logger.info('token refused', { role, reason });
      // Audited once per token (or source, with no token) and route a minute, and counted.
      const sourceIp = event.requestContext?.http?.sourceIp;
      await auditRefusal({
        reason,
        ...(token && tokenLooksValid(token) ? { token } : {}),
        ...(event.routeKey ? { routeKey: event.routeKey } : {}),
        ...(sourceIp ? { sourceIp } : {}),
      });
      throw new Error('Unauthorized');
    }
    const context: AuthorizerContext = { role: grant.role, subject: grant.subject };
    if (grant.caseId) context.caseId = grant.caseId;
    if (grant.hospitalId) context.hospitalId = grant.hospitalId;
    return { isAuthorized: true, context };
  };
}
