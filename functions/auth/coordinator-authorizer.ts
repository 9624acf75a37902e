import { coordinatorAccess } from '../core/sign-in-rules';
import { type AuthorizerEvent, type AuthorizerResult, authorizeSignIn, bearerOf } from './sign-in-authorizer';

/**
 * The coordinator routes' authorizer (a REQUEST authorizer with simple responses): a person in
 * the coordinators group signed in through the console, or the machine client with the
 * automation scope. The context names who acts: the person's subject, or `client:<client_id>`.
 */
export const handler = (event: AuthorizerEvent): Promise<AuthorizerResult> =>
  authorizeSignIn(event, bearerOf(event), coordinatorAccess, ({ subject, kind }) => ({
    role: 'coordinator',
    subject,
    kind,
  }));
