import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { tables } from '../../functions/contract';
import { sampleOpinion } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

/**
 * The authorization matrix of the relay: every cell a request that must be refused with no data
 * disclosed, and every refusal audited.
 */
describe('relay authorization matrix', () => {
  const local = useLocalBackend('authz');
  const coordinator = () => local.backend.endpoints.coordinatorToken;

  const deliveredCase = (hospitalIndex: number) =>
    local.deliveredCase({ hospitalIndex, fullName: 'Matrix Case', cancerType: 'lung' });

  it('keeps each hospital to its own cases on every relay route', async () => {
    const { caseId } = await deliveredCase(0);
    const other = local.backend.endpoints.hospitals[2]!.token;
    const cells: [string, string, unknown][] = [
      ['GET', `/relay/cases/${caseId}/package`, undefined],
      ['POST', `/relay/cases/${caseId}/receipt`, { complete: true }],
      ['POST', `/relay/cases/${caseId}/specialist`, { name: 'X', department: 'Y' }],
      [
        'POST',
        `/relay/cases/${caseId}/report-uploads`,
        { fileName: 'o.pdf', contentType: 'application/pdf', size: 10 },
      ],
      [
        'POST',
        `/relay/cases/${caseId}/report`,
        {
          uploadId: 'rpt_aaaaaaaaaaaa',
          language: 'en',
          opinion: sampleOpinion(),
          specialist: { name: 'X', department: 'Y' },
        },
      ],
    ];
    for (const [method, path, body] of cells) {
      const response = await local.api.call(method, path, other, body);
      expect({ method, path, status: response.status, body: response.body }).toEqual({
        method,
        path,
        status: 404,
        body: { error: { code: 'not_found', message: 'No such case.' } },
      });
    }
    const list = await local.api.call('GET', '/relay/cases', other);
    expect((list.body.cases as { caseId: string }[]).map((entry) => entry.caseId)).not.toContain(caseId);
  });

  it('refuses expired, revoked, rotated-out, malformed and wrong-role tokens, and audits each refusal', async () => {
    const { caseId, patientToken, hospital } = await deliveredCase(0);
    const hospitalId = hospital.hospitalId;

    // Credentials are managed by coordinators only.
    expect((await local.api.call('POST', `/hospitals/${hospitalId}/tokens`, hospital.token, {})).status).toBe(
      401,
    );
    const first = await local.api.call('POST', `/hospitals/${hospitalId}/tokens`, coordinator(), {
      lifetimeDays: 30,
    });
    expect(first.status).toBe(201);
    expect(first.body.token).toMatch(/^ht_[A-Za-z0-9_-]{43}$/);
    const listed = await local.api.call('GET', `/hospitals/${hospitalId}/tokens`, coordinator());
    expect(JSON.stringify(listed.body)).not.toContain(first.body.token);
    expect((listed.body.tokens as { tokenId: string }[]).map((token) => token.tokenId)).toContain(
      first.body.tokenId,
    );
    expect((await local.api.call('GET', `/relay/cases/${caseId}/package`, first.body.token)).status).toBe(
      200,
    );

    // Rotation with an overlap: the old token keeps working for the overlap.
    const rotated = await local.api.call('POST', `/hospitals/${hospitalId}/tokens/rotate`, coordinator(), {
      overlapHours: 24,
    });
    expect(rotated.status).toBe(201);
    expect((await local.api.call('GET', '/relay/cases', first.body.token)).status).toBe(200);
    // Rotation with no overlap: every older token stops at once (rotated out, and so expired).
    const again = await local.api.call('POST', `/hospitals/${hospitalId}/tokens/rotate`, coordinator(), {
      overlapHours: 0,
    });
    const newest = again.body.token as string;
    expect((await local.api.call('GET', '/relay/cases', newest)).status).toBe(200);

    // Revoked.
    const spare = await local.api.call('POST', `/hospitals/${hospitalId}/tokens`, coordinator(), {});
    expect(
      (await local.api.call('DELETE', `/hospitals/${hospitalId}/tokens/${spare.body.tokenId}`, coordinator()))
        .status,
    ).toBe(200);

    const refused: [string, string | undefined][] = [
      ['rotated out', first.body.token],
      ['rotated out (earlier start token)', hospital.token],
      ['rotated out with overlap 24 h, then 0', rotated.body.token],
      ['revoked', spare.body.token],
      ['malformed', 'ht_short'],
      ['missing', undefined],
      ['patient token', patientToken],
    ];
    for (const [label, token] of refused) {
      for (const path of ['/relay/cases', `/relay/cases/${caseId}/package`]) {
        const response = await local.api.call('GET', path, token);
        expect({ label, path, status: response.status }).toEqual({ label, path, status: 401 });
        expect(JSON.stringify(response.body)).not.toContain(caseId);
      }
    }
    // The coordinator token is a genuine sign-in token (the automation client's): authenticated,
    // but no hospital's, so refused as forbidden.
    for (const path of ['/relay/cases', `/relay/cases/${caseId}/package`]) {
      const response = await local.api.call('GET', path, coordinator());
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(JSON.stringify(response.body)).not.toContain(caseId);
    }

    const audit = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: local.backend.endpoints.dynamodbEndpoint }),
    );
    const events = await audit.send(
      new QueryCommand({
        TableName: tables.audit.id,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'GLOBAL' },
      }),
    );
    const refusals = (events.Items ?? []).filter(
      (item) => String(item.action).startsWith('auth.refused.') && item.target?.includes('/relay/'),
    );
    expect(refusals.length).toBeGreaterThanOrEqual((refused.length + 1) * 2);
    expect(JSON.stringify(events.Items)).not.toContain(first.body.token);
  }, 60_000);

  it('refuses tampered and expired download URLs at storage', async () => {
    // Hospital C: the previous test rotated hospital A's start token out.
    const { caseId, hospital } = await deliveredCase(2);
    const pkg = await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token);
    const url = new URL((pkg.body.files as { url: string }[])[0]!.url);
    const tampered = new URL(url);
    tampered.pathname = tampered.pathname.replace(/files\/[^/]+$/, 'files/doc_someoneelses00000');
    expect((await fetch(tampered)).status).toBe(403);
    const expired = new URL(url);
    expired.searchParams.set('X-Amz-Date', '20200101T000000Z');
    expect((await fetch(expired)).status).toBe(403);
    expect((await fetch(url)).status).toBe(200);
  }, 60_000);
});
