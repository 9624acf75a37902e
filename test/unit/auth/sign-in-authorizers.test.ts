import { createHash } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as coordinatorAuthorizer } from '../../../functions/auth/coordinator-authorizer';
import { handler as hospitalAuthorizer } from '../../../functions/auth/hospital-authorizer';
import { env, signIn, tables } from '../../../functions/contract';
import { hashToken, newToken } from '../../../functions/core/ids';
import { hospitalGroup } from '../../../functions/core/sign-in-rules';
import { useFakeAwsEnv } from '../fake-aws-env';
import { startTestIssuer, type TestIssuer } from './test-issuer';

const sub = 'c0ffee00-0000-4000-8000-00000000abcd';
const hashed = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

describe('sign-in authorizers', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.stop());
  beforeEach(() => {
    useFakeAwsEnv();
    for (const table of Object.values(tables)) process.env[table.envVar] = table.id;
    process.env[env.authIssuer] = issuer.issuer;
    process.env[env.authConsoleClientId] = 'console-client';
    process.env[env.authMachineClientId] = 'machine-client';
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    ddb.on(UpdateCommand).resolves({ Attributes: { count: 1 } });
    ddb.on(PutCommand).resolves({});
  });
  afterEach(() => ddb.reset());

  const seconds = () => Math.floor(Date.now() / 1000);
  const person = (groups: string[] | undefined, overrides: Record<string, unknown> = {}) =>
    issuer.sign({
      iss: issuer.issuer,
      sub,
      client_id: 'console-client',
      token_use: 'access',
      iat: seconds(),
      auth_time: seconds(),
      exp: seconds() + 600,
      jti: `j-${Math.random()}`,
      username: sub,
      ...(groups ? { 'cognito:groups': groups } : {}),
      ...overrides,
    });
  const machine = (scope: string) =>
    issuer.sign({
      iss: issuer.issuer,
      sub: 'machine-client',
      client_id: 'machine-client',
      token_use: 'access',
      scope,
      iat: seconds(),
      auth_time: seconds(),
      exp: seconds() + 600,
      jti: `j-${Math.random()}`,
    });
  const event = (bearer?: string) => ({
    headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
    routeKey: 'GET /cases/{caseId}',
    requestContext: { http: { sourceIp: '127.0.0.1' } },
  });
  /** The refusals audited, as (action, actor id). */
  const audited = () =>
    ddb
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input.Item as { action: string; actor: { id: string }; outcome: string })
      .map((item) => [item.action, item.actor.id, item.outcome]);

  describe('on coordinator routes', () => {
    it('let a coordinator in, named by their subject, and the automation client by its client id', async () => {
      await expect(coordinatorAuthorizer(event(person([signIn.coordinatorGroup])))).resolves.toEqual({
        isAuthorized: true,
        context: { role: 'coordinator', subject: sub, kind: 'person' },
      });
      await expect(coordinatorAuthorizer(event(machine(signIn.automationScope)))).resolves.toEqual({
        isAuthorized: true,
        context: { role: 'coordinator', subject: 'client:machine-client', kind: 'machine' },
      });
      expect(audited()).toEqual([]);
    });

    it('answer a genuine token without the group or scope with a denial (403), audited under the subject', async () => {
      for (const bearer of [person([hospitalGroup('hosp_a')]), person(undefined)]) {
        await expect(coordinatorAuthorizer(event(bearer))).resolves.toEqual({
          isAuthorized: false,
          context: {},
        });
      }
      await expect(coordinatorAuthorizer(event(machine('second-opinion/other')))).resolves.toMatchObject({
        isAuthorized: false,
      });
      expect(audited()).toEqual([
        ['auth.refused.not-a-coordinator', `subject:${hashed(sub)}`, 'denied'],
        ['auth.refused.missing-scope', `subject:${hashed('machine-client')}`, 'denied'],
      ]);
    });

    it('throw Unauthorized (401) for a missing, tampered, expired or foreign token, each audited', async () => {
      const [header, payload] = person([signIn.coordinatorGroup]).split('.');
      const tampered = `${header}.${payload}.${person([signIn.coordinatorGroup], { sub: 'x' }).split('.')[2]}`;
      const expired = person([signIn.coordinatorGroup], { exp: seconds() - 1 });
      const foreign = person([signIn.coordinatorGroup], { iss: 'https://cognito-idp.example/other' });
      const apiToken = newToken('hospital');
      for (const bearer of [undefined, tampered, expired, foreign, apiToken]) {
        await expect(coordinatorAuthorizer(event(bearer))).rejects.toThrow('Unauthorized');
      }
      const actions = audited();
      expect(actions).toContainEqual(['auth.refused.missing', expect.stringMatching(/^source:/), 'denied']);
      expect(actions).toContainEqual([
        'auth.refused.bad-signature',
        `token:${hashToken(tampered).slice(0, 12)}`,
        'denied',
      ]);
      // The signature verified: the person is named, whatever was wrong with the token.
      expect(actions).toContainEqual(['auth.refused.expired', `subject:${hashed(sub)}`, 'denied']);
      expect(actions).toContainEqual(['auth.refused.wrong-issuer', `subject:${hashed(sub)}`, 'denied']);
      expect(actions).toContainEqual(['auth.refused.malformed', expect.stringMatching(/^source:/), 'denied']);
      expect(JSON.stringify(ddb.commandCalls(PutCommand).map((call) => call.args[0].input))).not.toContain(
        sub,
      );
    });
  });

  describe('on hospital routes', () => {
    const directoryHas = (...hospitalIds: string[]) => {
      ddb.on(GetCommand).resolves({});
      for (const hospitalId of hospitalIds)
        ddb
          .on(GetCommand as never, { TableName: tables.hospitals.id, Key: { hospitalId } })
          .resolves({ Item: { hospitalId } });
    };

    it('let staff of one hospital in the directory in, for that hospital', async () => {
      directoryHas('hosp_a');
      await expect(hospitalAuthorizer(event(person([hospitalGroup('hosp_a')])))).resolves.toEqual({
        isAuthorized: true,
        context: { role: 'hospital', subject: sub, hospitalId: 'hosp_a', kind: 'staff' },
      });
    });

    it('deny a token naming two hospitals, a hospital not in the directory, a coordinator and the automation client', async () => {
      directoryHas('hosp_a', 'hosp_b');
      for (const bearer of [
        person([hospitalGroup('hosp_a'), hospitalGroup('hosp_b')]),
        person([hospitalGroup('hosp_gone')]),
        person([signIn.coordinatorGroup]),
        machine(signIn.automationScope),
      ]) {
        await expect(hospitalAuthorizer(event(bearer))).resolves.toMatchObject({ isAuthorized: false });
      }
      expect(audited().map(([action]) => action)).toEqual([
        'auth.refused.several-hospitals',
        'auth.refused.unknown-hospital',
        'auth.refused.not-hospital-staff',
        'auth.refused.unknown-client',
      ]);
    });

    it("still take a hospital's API token, looked up as before", async () => {
      const token = newToken('hospital');
      ddb
        .on(GetCommand as never, { TableName: tables.tokens.id, Key: { tokenHash: hashToken(token) } })
        .resolves({
          Item: {
            role: 'hospital',
            subject: 'hospital#hosp_a',
            hospitalId: 'hosp_a',
            expiresAt: seconds() + 60,
          },
        });
      await expect(hospitalAuthorizer(event(token))).resolves.toEqual({
        isAuthorized: true,
        context: { role: 'hospital', subject: 'hospital#hosp_a', hospitalId: 'hosp_a' },
      });
      await expect(
        hospitalAuthorizer(event(person([hospitalGroup('hosp_a')], { exp: seconds() - 1 }))),
      ).rejects.toThrow('Unauthorized');
    });
  });
});
