import { describe, expect, it } from 'vitest';
import { signIn } from '../../../functions/contract';
import {
  checkAccessToken,
  coordinatorAccess,
  hospitalGroup,
  hospitalStaffAccess,
  type TokenClaims,
} from '../../../functions/core/sign-in-rules';

const issuer = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example';
const clients = { issuer, consoleClientId: 'console-client', machineClientId: 'machine-client' };
const now = 1_800_000_000;

/** A person's access token as Cognito shapes it. */
const person = (overrides: Record<string, unknown> = {}): TokenClaims => ({
  iss: issuer,
  sub: '5f1c7e3a-0000-4000-8000-000000000001',
  client_id: 'console-client',
  token_use: 'access',
  scope: 'openid email',
  auth_time: now - 60,
  iat: now - 60,
  exp: now + 3600,
  jti: 'j1',
  username: '5f1c7e3a-0000-4000-8000-000000000001',
  'cognito:groups': [signIn.coordinatorGroup],
  ...overrides,
});

/** A client-credentials token: no user, a scope. */
const machine = (overrides: Record<string, unknown> = {}): TokenClaims => ({
  iss: issuer,
  sub: 'machine-client',
  client_id: 'machine-client',
  token_use: 'access',
  scope: signIn.automationScope,
  auth_time: now,
  iat: now,
  exp: now + 3600,
  jti: 'j2',
  ...overrides,
});

const token = (claims: TokenClaims) => {
  const checked = checkAccessToken(claims, issuer, now);
  if (!checked.ok) throw new Error(`not an access token: ${checked.problem}`);
  return checked.value;
};

describe('access token checks', () => {
  it('takes a Cognito-shaped access token of this issuer, valid now', () => {
    expect(checkAccessToken(person(), issuer, now)).toEqual({
      ok: true,
      value: {
        sub: '5f1c7e3a-0000-4000-8000-000000000001',
        clientId: 'console-client',
        scopes: ['openid', 'email'],
        groups: ['coordinators'],
        username: '5f1c7e3a-0000-4000-8000-000000000001',
      },
    });
  });

  it.each([
    [
      'another issuer',
      person({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }),
      'wrong-issuer',
    ],
    ['no issuer', person({ iss: undefined }), 'wrong-issuer'],
    ['expired a second ago', person({ exp: now - 1 }), 'expired'],
    ['expiring this second', person({ exp: now }), 'expired'],
    ['no expiry', person({ exp: undefined }), 'expired'],
    ['not yet valid', person({ nbf: now + 30 }), 'not-before'],
    ['an ID token', person({ token_use: 'id' }), 'not-access-token'],
    ['no token_use', person({ token_use: undefined }), 'not-access-token'],
    ['no subject', person({ sub: '' }), 'missing-claims'],
    ['no client', person({ client_id: undefined }), 'missing-claims'],
    ['groups that are not a list of names', person({ 'cognito:groups': 'coordinators' }), 'missing-claims'],
    ['a scope that is not text', person({ scope: ['openid'] }), 'missing-claims'],
  ])('refuses %s', (_label, claims, problem) => {
    expect(checkAccessToken(claims, issuer, now)).toEqual({ ok: false, problem });
  });
});

describe('coordinator routes', () => {
  it('let in a console user in the coordinators group, named by their subject', () => {
    expect(coordinatorAccess(token(person()), clients)).toEqual({
      ok: true,
      value: { subject: '5f1c7e3a-0000-4000-8000-000000000001', kind: 'person' },
    });
  });

  it('let in the machine client with the automation scope, named by its client id', () => {
    expect(coordinatorAccess(token(machine({ scope: `other ${signIn.automationScope}` })), clients)).toEqual({
      ok: true,
      value: { subject: 'client:machine-client', kind: 'machine' },
    });
  });

  it.each([
    ['a console user in no group', person({ 'cognito:groups': undefined }), 'not-a-coordinator'],
    ['a console user with an empty group list', person({ 'cognito:groups': [] }), 'not-a-coordinator'],
    ['hospital staff', person({ 'cognito:groups': [hospitalGroup('hosp_a')] }), 'not-a-coordinator'],
    ['a group that only looks alike', person({ 'cognito:groups': ['Coordinators'] }), 'not-a-coordinator'],
    ['the machine client without the scope', machine({ scope: 'second-opinion/read' }), 'missing-scope'],
    ['the machine client with no scope', machine({ scope: undefined }), 'missing-scope'],
    [
      'a machine-client token naming a user',
      machine({ username: 'someone', sub: 'someone' }),
      'not-a-coordinator',
    ],
    [
      'a machine-client token with groups',
      machine({ 'cognito:groups': [signIn.coordinatorGroup] }),
      'not-a-coordinator',
    ],
    ['another app client of the pool', person({ client_id: 'some-other-client' }), 'unknown-client'],
    [
      'the coordinators group through another client',
      machine({ client_id: 'some-other-client' }),
      'unknown-client',
    ],
  ])('refuse %s', (_label, claims, problem) => {
    expect(coordinatorAccess(token(claims), clients)).toEqual({ ok: false, problem });
  });
});

describe('hospital routes, for staff', () => {
  it('open the one hospital a console user is staff of', () => {
    expect(
      hospitalStaffAccess(token(person({ 'cognito:groups': ['readers', hospitalGroup('hosp_a')] })), clients),
    ).toEqual({ ok: true, value: { subject: '5f1c7e3a-0000-4000-8000-000000000001', hospitalId: 'hosp_a' } });
  });

  it.each([
    [
      'a token naming two hospitals',
      person({ 'cognito:groups': [hospitalGroup('hosp_a'), hospitalGroup('hosp_b')] }),
      'several-hospitals',
    ],
    ['a coordinator', person(), 'not-hospital-staff'],
    ['a person in no group', person({ 'cognito:groups': undefined }), 'not-hospital-staff'],
    [
      'a bare prefix naming no hospital',
      person({ 'cognito:groups': [signIn.hospitalGroupPrefix] }),
      'not-hospital-staff',
    ],
    ['the machine client', machine(), 'unknown-client'],
    [
      'another app client',
      person({ client_id: 'x', 'cognito:groups': [hospitalGroup('hosp_a')] }),
      'unknown-client',
    ],
  ])('refuse %s', (_label, claims, problem) => {
    expect(hospitalStaffAccess(token(claims), clients)).toEqual({ ok: false, problem });
  });
});
