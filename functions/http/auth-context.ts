import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RouteAuth } from '../contract';
import type { Actor, AuthContext } from '../core/actor';
import { UnauthorizedError } from '../core/errors';

interface AuthorizerShape {
  iam?: { userArn?: string; callerId?: string };
  lambda?: Record<string, unknown>;
}

/**
 * Who is calling, from what API Gateway put in the request context: the IAM principal for
 * coordinator routes, the token authorizer's context for patient and hospital routes. The role
 * is checked again here so a misrouted authorizer can never widen access.
 */
export function authContext(event: APIGatewayProxyEventV2, required: RouteAuth): AuthContext {
  if (required === 'public') return { role: 'public', actor: { role: 'system', id: 'anonymous' } };
  const authorizer = (event.requestContext as { authorizer?: AuthorizerShape }).authorizer;
  if (required === 'coordinator') {
    const principal = authorizer?.iam?.userArn ?? authorizer?.iam?.callerId;
    if (!principal) throw new UnauthorizedError();
    return { role: 'coordinator', actor: { role: 'coordinator', id: principal } };
  }
  const context = authorizer?.lambda;
  if (!context || context.role !== required || typeof context.subject !== 'string')
    throw new UnauthorizedError();
  const actor: Actor = { role: required, id: context.subject };
  if (required === 'patient') {
    if (typeof context.caseId !== 'string') throw new UnauthorizedError();
    return { role: 'patient', caseId: context.caseId, actor };
  }
  if (typeof context.hospitalId !== 'string') throw new UnauthorizedError();
  return { role: 'hospital', hospitalId: context.hospitalId, actor };
}
