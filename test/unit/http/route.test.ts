import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as casesGet } from '../../../functions/api/coordinator/cases-get';
import { handler as relayReceipt } from '../../../functions/api/hospital/cases-receipt-create';
import { handler as treatmentHistoryPut } from '../../../functions/api/patient/treatment-history-update';
import { tables } from '../../../functions/contract';
import { useFakeAwsEnv } from '../fake-aws-env';

const context = {} as Context;
const event = (
  overrides: Partial<APIGatewayProxyEventV2> & { authorizer?: unknown },
): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'X',
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { authorizer: overrides.authorizer } as never,
    ...overrides,
  }) as APIGatewayProxyEventV2;

const patient = {
  lambda: { role: 'patient', subject: 'case#case_aaaaaaaaaaaa', caseId: 'case_aaaaaaaaaaaa' },
};
const coordinator = {
  lambda: { role: 'coordinator', subject: 'b1f3c6de-0000-4000-8000-00000000c001', kind: 'person' },
};

describe('HTTP error mapping', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  beforeEach(() => {
    for (const table of Object.values(tables)) process.env[table.envVar] = table.id;
    useFakeAwsEnv();
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });
  afterEach(() => ddb.reset());

  it('answers 401 when the authorizer context is of another role', async () => {
    const response = await casesGet(
      event({ authorizer: patient, pathParameters: { caseId: 'case_aaaaaaaaaaaa' } }),
      context,
    );
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body!)).toEqual({
      error: { code: 'unauthorized', message: 'A valid token is required for this route.' },
    });
  });

  it('answers 400 with field errors for an invalid body, before touching storage', async () => {
    const response = await treatmentHistoryPut(
      event({
        authorizer: patient,
        body: JSON.stringify({ surgeries: [{ procedure: '', date: '2999-01-01' }] }),
      }),
      context,
    );
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body!);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((detail: { path: string }) => detail.path)).toEqual(
      expect.arrayContaining(['surgeries.0.procedure', 'surgeries.0.date']),
    );
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 404 for an over-long path id before any store call, the rate limit included', async () => {
    const hospital = { lambda: { role: 'hospital', subject: 'hospital#h', hospitalId: 'hosp_aaaaaaaaaa' } };
    for (const [handler, authorizer, body] of [
      [casesGet, coordinator, undefined],
      [relayReceipt, hospital, JSON.stringify({ complete: true })],
    ] as const) {
      const response = await handler(
        event({ authorizer, pathParameters: { caseId: 'c'.repeat(3000) }, ...(body ? { body } : {}) }),
        context,
      );
      expect(response.statusCode).toBe(404);
      expect(JSON.parse(response.body!)).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
    }
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await treatmentHistoryPut(
      event({ authorizer: patient, body: '{"surgeries": [' }),
      context,
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!).error.message).toBe('The request body is not valid JSON.');
  });

  it('turns a storage outage into a 500 with no internals', async () => {
    const failure = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443 table Cases secret'), {
      name: 'InternalServerError',
    });
    ddb.onAnyCommand().rejects(failure);
    const response = await casesGet(
      event({ authorizer: coordinator, pathParameters: { caseId: 'case_aaaaaaaaaaaa' } }),
      context,
    );
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/ECONNREFUSED|Cases|secret/);
    expect(JSON.parse(response.body!)).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong. Please try again.' },
    });
  });

  it('retries a lost race on the case version, then answers 409', async () => {
    const stored = {
      pk: 'CASE#case_aaaaaaaaaaaa',
      sk: 'CASE',
      caseId: 'case_aaaaaaaaaaaa',
      version: 3,
      status: 'collecting',
      cancerType: 'lung',
      patient: {
        fullName: 'Race Patient',
        dateOfBirth: '1970-01-01',
        email: 'r@example.org',
        country: 'KE',
        language: 'en',
      },
      callbacks: {},
    };
    ddb.on(GetCommand).resolves({ Item: stored });
    // The case's documents, read to keep its place in the coordinators' list: none yet.
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    const response = await treatmentHistoryPut(
      event({ authorizer: patient, body: JSON.stringify({}) }),
      context,
    );
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body!).error.code).toBe('concurrent_update');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(4);
  });
});
