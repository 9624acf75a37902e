import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RouteAuth } from '../contract';
import type { Actor, AuthContext } from '../core/actor';
import { UnauthorizedError } from '../core/errors';

interface AuthorizerShape {
  lambda?: Record<string, unknown>;
}

/**
 * Who is calling, from what the route's Lambda authorizer put in the request context: the
 * coordinator authorizer's (a signed-in coordinator, or the automation client), or the token
 * authorizer's for patient and hospital routes. The subject is the audited actor: a person's
 * stable subject id (`sub`), `client:<client_id>` for automation, a token's subject otherwise. The
 * role is checked again here so a misrouted authorizer can never widen access.
 */
export function authContext(event: APIGatewayProxyEventV2, required: RouteAuth): AuthContext {
  if (required === 'public') return { role: 'public', actor: { role: 'system', id: 'anonymous' } };
  const authorizer = (event.requestContext as { authorizer?: AuthorizerShape }).authorizer;
  const context = authorizer?.lambda;
  if (!context || context.role !== required || typeof context.subject !== 'string' || !context.subject)
    throw new UnauthorizedError();
  const actor: Actor = { role: required, id: context.subject };
  if (required === 'coordinator') return { role: 'coordinator', actor };
  if (required === 'patient') {
    if (typeof context.caseId !== 'string') throw new UnauthorizedError();
    return { role: 'patient', caseId: context.caseId, actor };
  }
  if (typeof context.hospitalId !== 'string') throw new UnauthorizedError();
  return { role: 'hospital', hospitalId: context.hospitalId, actor };
}
