/**
 * Who a sign-in access token lets in: pure rules over its claims, shared by the coordinator and
 * the hospital authorizer in AWS and locally. The signature is checked before these run
 * (adapters/sign-in-tokens.ts); these rules decide what a genuine token is good for.
 *
 * Tokens are Cognito access tokens: `iss`, `sub`, `client_id`, `token_use: "access"`, `scope`
 * (space-separated), `exp`, `iat`, `jti`, `auth_time`, and for a person `username` and
 * `cognito:groups`. They carry no `aud`: the app client is `client_id`.
 */

import { signIn } from '../contract';

/** The claims these rules read, as the token carried them (not yet trusted in shape). */
export type TokenClaims = Readonly<Record<string, unknown>>;

/** What a deployment's sign-in is: the issuer and its two app clients. */
export interface SignInClients {
  readonly issuer: string;
  readonly consoleClientId: string;
  readonly machineClientId: string;
}

/**
 * Why a token is not a token at all (a 401): it names another issuer, has expired, is not an
 * access token (an ID token says `token_use: "id"`), or lacks the claims every access token has.
 */
export type TokenProblem = 'wrong-issuer' | 'expired' | 'not-before' | 'not-access-token' | 'missing-claims';

/** The claims every access token must have, checked: the token's own verdict, before any rule. */
export interface AccessToken {
  readonly sub: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** A person's groups (`cognito:groups`); a machine token has none. */
  readonly groups: readonly string[];
  /** Present on a person's token only. */
  readonly username: string | undefined;
}

export type Checked<T, P> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: P };

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * Checks what makes a token an access token of this issuer that is valid now (`nowSeconds`):
 * issuer, expiry (and not-before), `token_use`, and the shape of the claims the rules read.
 * The signature library checks issuer and expiry too; this is the rule, testable by itself.
 */
export function checkAccessToken(
  claims: TokenClaims,
  issuer: string,
  nowSeconds: number,
): Checked<AccessToken, TokenProblem> {
  if (claims.iss !== issuer) return { ok: false, problem: 'wrong-issuer' };
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { ok: false, problem: 'expired' };
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowSeconds))
    return { ok: false, problem: 'not-before' };
  if (claims.token_use !== 'access') return { ok: false, problem: 'not-access-token' };
  if (!isText(claims.sub) || !isText(claims.client_id)) return { ok: false, problem: 'missing-claims' };
  if (claims.scope !== undefined && typeof claims.scope !== 'string')
    return { ok: false, problem: 'missing-claims' };
  const groups = claims['cognito:groups'];
  if (groups !== undefined && !(Array.isArray(groups) && groups.every(isText)))
    return { ok: false, problem: 'missing-claims' };
  if (claims.username !== undefined && !isText(claims.username))
    return { ok: false, problem: 'missing-claims' };
  return {
    ok: true,
    value: {
      sub: claims.sub,
      clientId: claims.client_id,
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
      groups: (groups as string[] | undefined) ?? [],
      username: claims.username as string | undefined,
    },
  };
}

/**
 * Why a genuine token does not open a route (a 403): another app client, a person in no
 * coordinators group, a machine token without the automation scope (or naming a user), a
 * person in no hospital's group, or in two.
 */
export type AccessRefusal =
  | 'unknown-client'
  | 'not-a-coordinator'
  | 'missing-scope'
  | 'not-hospital-staff'
  | 'several-hospitals';

export type CoordinatorAccess = {
  /** The audited actor id: the person's `sub`, or `client:<client_id>` for the machine client. */
  readonly subject: string;
  readonly kind: 'person' | 'machine';
};

/**
 * Coordinator routes: a person signed in through the console who is in the coordinators group,
 * or the machine client (client credentials) with the automation scope and no user.
 */
export function coordinatorAccess(
  token: AccessToken,
  clients: SignInClients,
): Checked<CoordinatorAccess, AccessRefusal> {
  if (token.clientId === clients.consoleClientId) {
    if (!token.groups.includes(signIn.coordinatorGroup)) return { ok: false, problem: 'not-a-coordinator' };
    return { ok: true, value: { subject: token.sub, kind: 'person' } };
  }
  if (token.clientId === clients.machineClientId) {
    // A client-credentials token names no user; one that does was not issued by that grant.
    if (token.username !== undefined || token.groups.length > 0)
      return { ok: false, problem: 'not-a-coordinator' };
    if (!token.scopes.includes(signIn.automationScope)) return { ok: false, problem: 'missing-scope' };
    return { ok: true, value: { subject: `client:${token.clientId}`, kind: 'machine' } };
  }
  return { ok: false, problem: 'unknown-client' };
}

export type HospitalStaffAccess = { readonly subject: string; readonly hospitalId: string };

/**
 * Hospital routes, for a person: signed in through the console, in exactly one hospital's
 * group (`hospital-<hospitalId>`). A token naming two hospitals opens neither: membership must
 * say which hospital's cases a person sees, and two would leave that to chance.
 */
export function hospitalStaffAccess(
  token: AccessToken,
  clients: SignInClients,
): Checked<HospitalStaffAccess, AccessRefusal> {
  if (token.clientId !== clients.consoleClientId) return { ok: false, problem: 'unknown-client' };
  const hospitalIds = token.groups
    .filter((group) => group.startsWith(signIn.hospitalGroupPrefix))
    .map((group) => group.slice(signIn.hospitalGroupPrefix.length))
    .filter(Boolean);
  if (hospitalIds.length === 0) return { ok: false, problem: 'not-hospital-staff' };
  if (hospitalIds.length > 1) return { ok: false, problem: 'several-hospitals' };
  return { ok: true, value: { subject: token.sub, hospitalId: hospitalIds[0]! } };
}

/** The group that makes a person staff of a hospital. */
export const hospitalGroup = (hospitalId: string): string => `${signIn.hospitalGroupPrefix}${hospitalId}`;
