import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenAuthorizer } from '../../../functions/auth/token-authorizer';
import { tables } from '../../../functions/contract';
import { hashToken, newToken } from '../../../functions/core/ids';
import { useFakeAwsEnv } from '../fake-aws-env';

describe('token authorizer', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const authorize = createTokenAuthorizer('hospital');
  const now = () => Math.floor(Date.now() / 1000);
  beforeEach(() => {
    process.env[tables.tokens.envVar] = 'Tokens';
    process.env[tables.audit.envVar] = 'Audit';
    process.env[tables.rateLimits.envVar] = 'RateLimits';
    useFakeAwsEnv();
    // Refusals are counted per token or source and minute.
    ddb.on(UpdateCommand).resolves({ Attributes: { count: 1 } });
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });
  afterEach(() => ddb.reset());

  const grant = (token: string, item: Record<string, unknown>) =>
    ddb
      .on(GetCommand as never, { TableName: 'Tokens', Key: { tokenHash: hashToken(token) } })
      .resolves({ Item: item });

  it('opens exactly one hospital for a valid hospital token', async () => {
    const token = newToken('hospital');
    grant(token, {
      role: 'hospital',
      subject: 'hospital#hosp_a',
      hospitalId: 'hosp_aaaaaaaaaa',
      expiresAt: now() + 60,
    });
    await expect(authorize({ headers: { authorization: `Bearer ${token}` } })).resolves.toEqual({
      isAuthorized: true,
      context: { role: 'hospital', subject: 'hospital#hosp_a', hospitalId: 'hosp_aaaaaaaaaa' },
    });
  });

  it('refuses an expired token, a token of another role, an unknown and a malformed one', async () => {
    const expired = newToken('hospital');
    grant(expired, { role: 'hospital', subject: 's', hospitalId: 'h', expiresAt: now() - 1 });
    const patient = newToken('patient');
    grant(patient, { role: 'patient', subject: 's', caseId: 'c', expiresAt: now() + 60 });
    ddb.on(GetCommand).resolves({});
    for (const header of [
      `Bearer ${expired}`,
      `Bearer ${patient}`,
      `Bearer ${newToken('hospital')}`,
      'Bearer ht_short',
      'Basic abc',
      '',
    ]) {
      await expect(authorize({ headers: { authorization: header } })).rejects.toThrow('Unauthorized');
    }
  });

  it('never looks up a malformed token, and audits the refusal without the token', async () => {
    await expect(
      authorize({ headers: { authorization: 'Bearer not-a-token' }, routeKey: 'GET /relay/cases' }),
    ).rejects.toThrow('Unauthorized');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    const audits = ddb.commandCalls(PutCommand);
    expect(audits).toHaveLength(1);
    const item = audits[0]!.args[0].input.Item as Record<string, unknown>;
    expect(item).toMatchObject({
      action: 'auth.refused.malformed',
      outcome: 'denied',
      target: 'GET /relay/cases',
    });
    expect(JSON.stringify(item)).not.toContain('not-a-token');
  });
});
