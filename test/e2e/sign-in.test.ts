import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { signIn, tables } from '../../functions/contract';
import { hospitalGroup } from '../../functions/core/sign-in-rules';
import { newPassword } from '../../scripts/local/oidc-provider';
import { type CookieJar, refresh, SignInRefused, signOut } from '../../scripts/local/sign-in-client';
import { useLocalBackend } from './harness';

/** People besides the sample users, for the refusals a sample user cannot show. */
const noGroup = { email: 'no.group@local.example', password: newPassword(), groups: [] };
const twoHospitals = {
  email: 'two.hospitals@local.example',
  password: newPassword(),
  groups: [hospitalGroup('hosp_sample01shanghai'), hospitalGroup('hosp_sample02beijing')],
};
const shortLived = {
  email: 'short.lived@local.example',
  password: newPassword(),
  groups: [signIn.coordinatorGroup],
  accessTokenSeconds: 1,
};

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
const hashPrefix = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
const unauthorized = {
  error: { code: 'unauthorized', message: 'A valid token is required for this route.' },
};

describe('sign-in', () => {
  const local = useLocalBackend('sign-in', { extraSignInPeople: [noGroup, twoHospitals, shortLived] });
  const endpoints = () => local.backend.endpoints;
  const auditItems = async (pk: string) => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: endpoints().dynamodbEndpoint }),
    );
    const result = await client.send(
      new QueryCommand({
        TableName: tables.audit.id,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
    return (result.Items ?? []) as { action: string; actor: { role: string; id: string }; outcome: string }[];
  };
  const staffOf = (hospitalId: string) =>
    endpoints().users.find((user) => user.role === 'hospital' && user.hospitalId === hospitalId)!;

  it('lists sample users with fresh passwords, the console URL and the issuer', () => {
    const { users, consoleUrl, auth, apiUrl, hospitals } = endpoints();
    expect(users.filter((user) => user.role === 'coordinator').length).toBeGreaterThanOrEqual(2);
    for (const hospital of hospitals) expect(staffOf(hospital.hospitalId)).toBeDefined();
    for (const user of users) {
      expect(user.email).toMatch(/\.example$/);
      // 24 random base64url characters (144 bits), in groups of six.
      expect(user.password).toMatch(/^([A-Za-z0-9_-]{6}-){3}[A-Za-z0-9_-]{6}$/);
    }
    expect(new Set(users.map((user) => user.password)).size).toBe(users.length);
    expect(consoleUrl).toBe(`${apiUrl}/console`);
    expect(auth.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(auth.consoleClientId).toBeTruthy();
  });

  it('shows the sign-in form at once, and refuses a wrong password and an unknown user alike (401)', async () => {
    const coordinator = endpoints().users.find((user) => user.role === 'coordinator')!;
    const refusals: SignInRefused[] = [];
    for (const [email, password] of [
      [coordinator.email, `${coordinator.password}x`],
      ['nobody@local.example', coordinator.password],
    ] as const) {
      const refused = await local.signIn(email, password).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SignInRefused);
      refusals.push(refused as SignInRefused);
    }
    for (const refused of refusals) {
      expect(refused.status).toBe(401);
      expect(refused.page).toContain('<div role="alert" id="sign-in-error">Wrong email or password.</div>');
      expect(refused.page).toContain('<html lang="en">');
      expect(refused.page).toContain('<label for="email">Email</label>');
      expect(refused.page).toContain('<label for="password">Password</label>');
      expect(refused.page).toContain('<button type="submit">Sign in</button>');
      expect(refused.page).not.toContain(coordinator.password);
    }
  });

  it('signs a coordinator in; the case they read is audited under their subject, never their email', async () => {
    const coordinator = endpoints().users.find((user) => user.role === 'coordinator')!;
    const signedIn = await local.signIn(coordinator.email, coordinator.password);
    const claims = claimsOf(signedIn.accessToken);
    expect(claims).toMatchObject({
      iss: endpoints().auth.issuer,
      client_id: endpoints().auth.consoleClientId,
      token_use: 'access',
      'cognito:groups': [signIn.coordinatorGroup],
    });
    expect(claims.exp as number).toBe((claims.iat as number) + signIn.accessTokenMinutes * 60);
    expect(JSON.stringify(claims)).not.toContain(coordinator.email);
    const sub = claims.sub as string;

    const { caseId } = await local.openCase({ fullName: 'Signed In Reader' });
    const read = await local.api.call('GET', `/cases/${caseId}`, signedIn.accessToken);
    expect(read.status).toBe(200);
    expect(read.body.caseId).toBe(caseId);

    const events = await auditItems(`CASE#${caseId}`);
    expect(events.filter((event) => event.action === 'case.read' && event.actor.id === sub)).toEqual([
      expect.objectContaining({ actor: { role: 'coordinator', id: sub }, outcome: 'allowed' }),
    ]);
    // The case was opened with the machine token: automation is named by its client.
    expect(events.map((event) => event.actor.id)).toContain('client:local-automation');
    expect(JSON.stringify(events)).not.toContain(coordinator.email);
  });

  it("lets hospital staff list their own hospital's relay cases, and nothing of another's; a coordinator route is 403", async () => {
    const { caseId, hospital } = await local.deliveredCase({ hospitalIndex: 0, fullName: 'Staff Reader' });
    const staff = await local.signIn(
      staffOf(hospital.hospitalId).email,
      staffOf(hospital.hospitalId).password,
    );
    const listed = await local.api.call('GET', '/relay/cases', staff.accessToken);
    expect(listed.status).toBe(200);
    expect((listed.body.cases as { caseId: string }[]).map((entry) => entry.caseId)).toContain(caseId);
    const pkg = await local.api.call('GET', `/relay/cases/${caseId}/package`, staff.accessToken);
    expect(pkg.status).toBe(200);
    const staffSub = claimsOf(staff.accessToken).sub as string;
    expect(
      (await auditItems(`CASE#${caseId}`)).filter(
        (event) => event.actor.role === 'hospital' && event.actor.id === staffSub,
      ).length,
    ).toBeGreaterThan(0);

    const otherHospital = endpoints().hospitals[2]!.hospitalId;
    const other = await local.signIn(staffOf(otherHospital).email, staffOf(otherHospital).password);
    const otherList = await local.api.call('GET', '/relay/cases', other.accessToken);
    expect((otherList.body.cases as { caseId: string }[]).map((entry) => entry.caseId)).not.toContain(caseId);
    expect((await local.api.call('GET', `/relay/cases/${caseId}/package`, other.accessToken)).status).toBe(
      404,
    );

    const onCoordinatorRoute = await local.api.call('GET', `/cases/${caseId}`, staff.accessToken);
    expect(onCoordinatorRoute).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'This sign-in does not give access to this route.' } },
    });
  });

  it('refuses a person in no group (403 on both audiences) and a token naming two hospitals (403), audited', async () => {
    const nobody = await local.signIn(noGroup.email, noGroup.password);
    expect((await local.api.call('GET', '/hospitals', nobody.accessToken)).status).toBe(403);
    expect((await local.api.call('GET', '/relay/cases', nobody.accessToken)).status).toBe(403);
    const both = await local.signIn(twoHospitals.email, twoHospitals.password);
    expect((await local.api.call('GET', '/relay/cases', both.accessToken)).status).toBe(403);

    const refusals = (await auditItems('GLOBAL')).filter((event) => event.action.startsWith('auth.refused.'));
    const named = (email: string, action: string) =>
      refusals.some(
        (event) =>
          event.action === action &&
          event.actor.id ===
            `subject:${hashPrefix(claimsOf(email === noGroup.email ? nobody.accessToken : both.accessToken).sub as string)}`,
      );
    expect(named(noGroup.email, 'auth.refused.not-a-coordinator')).toBe(true);
    expect(named(noGroup.email, 'auth.refused.not-hospital-staff')).toBe(true);
    expect(named(twoHospitals.email, 'auth.refused.several-hospitals')).toBe(true);
    expect(JSON.stringify(refusals)).not.toContain('@local.example');
  });

  it('answers an expired, a tampered and a missing token with 401 and the error JSON, each refusal audited', async () => {
    const brief = await local.signIn(shortLived.email, shortLived.password);
    expect((await local.api.call('GET', '/hospitals', brief.accessToken)).status).toBe(200);
    const [header, payload, signature] = brief.accessToken.split('.') as [string, string, string];
    const widened = Buffer.from(
      JSON.stringify({ ...claimsOf(brief.accessToken), exp: Math.floor(Date.now() / 1000) + 3600 }),
    ).toString('base64url');
    const tampered = `${header}.${widened}.${signature}`;
    await new Promise((resolve) => setTimeout(resolve, 2100));

    for (const token of [brief.accessToken, tampered, undefined, `${header}.${payload}.`]) {
      expect(await local.api.call('GET', '/hospitals', token)).toEqual({ status: 401, body: unauthorized });
    }
    const refusals = (await auditItems('GLOBAL')).filter((event) => event.action.startsWith('auth.refused.'));
    const sub = claimsOf(brief.accessToken).sub as string;
    expect(refusals).toContainEqual(
      expect.objectContaining({
        action: 'auth.refused.expired',
        actor: { role: 'system', id: `subject:${hashPrefix(sub)}` },
      }),
    );
    expect(refusals).toContainEqual(
      expect.objectContaining({
        action: 'auth.refused.bad-signature',
        actor: { role: 'system', id: `token:${hashPrefix(tampered)}` },
      }),
    );
    expect(refusals.some((event) => event.action === 'auth.refused.missing')).toBe(true);
    expect(refusals.some((event) => event.action === 'auth.refused.malformed')).toBe(true);
  });

  it('gives scripts a machine coordinatorToken valid 24 hours on coordinator routes, and nowhere else', async () => {
    const token = endpoints().coordinatorToken;
    const claims = claimsOf(token);
    expect(claims).toMatchObject({
      token_use: 'access',
      client_id: 'local-automation',
      scope: signIn.automationScope,
    });
    expect(claims.username).toBeUndefined();
    expect((claims.exp as number) - (claims.iat as number)).toBe(24 * 3600);
    expect((await local.api.call('GET', '/hospitals', token)).status).toBe(200);
    expect((await local.api.call('GET', '/relay/cases', token)).status).toBe(403);
    expect((await local.api.call('GET', '/patient/case', token)).status).toBe(401);
  });

  it("signs out at the provider: its session ends, and so do the console's refreshes", async () => {
    const coordinator = endpoints().users.filter((user) => user.role === 'coordinator')[1]!;
    const signedIn = await local.signIn(coordinator.email, coordinator.password);
    const settings = local.signInSettings;
    expect(signedIn.refreshToken).toBeTruthy();
    const refreshed = await refresh(settings, signedIn.refreshToken!);
    expect(refreshed.status).toBe(200);
    const refreshToken = refreshed.refreshToken ?? signedIn.refreshToken!;

    // While signed in, a new authorization needs no password: the provider's session answers.
    const authorize = (jar: CookieJar) => {
      const url = new URL(`${settings.oauthUrl}/oauth2/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      return fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    };
    const before = await authorize(signedIn.cookies);
    expect(before.headers.get('location')).toMatch(new RegExp(`^${endpoints().consoleUrl}\\?code=`));

    // Cognito's /logout: no confirmation page, straight back to the console.
    expect(await signOut(settings, signedIn)).toEqual({ status: 303, location: endpoints().consoleUrl });
    expect((await refresh(settings, refreshToken)).status).toBe(400);
    const after = await authorize(signedIn.cookies);
    expect(after.headers.get('location')).toMatch(/^\/interaction\//);
  });
});
