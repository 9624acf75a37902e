import { connect } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { routes, tables } from '../../functions/contract';
import { hashToken, newToken } from '../../functions/core/ids';
import { useLocalBackend } from './harness';

/** Limits that hold and errors that are true, through the local gateway and the real handlers. */
describe('limits and true errors', () => {
  const local = useLocalBackend('limits');
  const apiUrl = () => local.backend.endpoints.apiUrl;
  const coordinator = () => local.backend.endpoints.coordinatorToken;

  const auditSince = async (since: string) => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: local.backend.endpoints.dynamodbEndpoint }),
    );
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tables.audit.id,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'GLOBAL' },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.filter(
      (item) => String(item.at) >= since && String(item.action).startsWith('auth.refused.'),
    );
  };

  /** Runs `count` calls, `parallel` at a time. */
  const flood = async (count: number, parallel: number, call: (index: number) => Promise<Response>) => {
    const statuses: number[] = [];
    for (let index = 0; index < count; index += parallel) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(parallel, count - index) }, (_, offset) => call(index + offset)),
      );
      for (const response of batch) {
        statuses.push(response.status);
        await response.body?.cancel();
      }
    }
    return statuses;
  };

  it('answers 404 with the error JSON for an over-long id in every path parameter of every route', async () => {
    const { patientToken } = await local.openCase({ fullName: 'Limits Case' });
    const tokenFor = {
      coordinator: coordinator(),
      patient: patientToken,
      hospital: local.backend.endpoints.hospitals[0]!.token,
      public: undefined,
    };
    const long = 'x'.repeat(3000);
    const parameterised = routes.filter((route) => route.path.includes('{'));
    expect(parameterised.length).toBeGreaterThan(20);
    for (const route of parameterised) {
      const path = route.path.replace(/\{\w+\}/g, long);
      const response = await local.api.call(
        route.method,
        path,
        tokenFor[route.auth],
        route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      );
      expect({
        route: `${route.method} ${route.path}`,
        status: response.status,
        code: response.body.error?.code,
      }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 404,
        code: 'not_found',
      });
    }
    // One parameter over-long among valid ones is refused the same way.
    const { caseId } = await local.openCase();
    const gap = await local.api.call('POST', `/cases/${caseId}/gaps/${long}/waive`, coordinator(), {
      reason: 'x',
    });
    expect(gap.status).toBe(404);
  }, 60_000);

  it('answers malformed percent-encoding, in the path or the query, with 400 and the error JSON', async () => {
    for (const path of [
      '/cases/%',
      '/cases/%zz/submit',
      '/cases/%E0%A4%A',
      '/relay/cases/%C3%28/package',
      '/patient/uploads/%/parts',
      '/upload/%',
      '/relay/cases?since=%',
      '/cases/case_aaaaaaaaaaaa?x=%E0%A4%A',
      '/nowhere/%',
    ]) {
      const response = await fetch(`${apiUrl()}${path}`, {
        headers: { authorization: `Bearer ${coordinator()}` },
      });
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
        path,
        status: 400,
        type: 'application/json; charset=utf-8',
      });
      expect(await response.json()).toEqual({
        error: { code: 'bad_request', message: expect.any(String) },
      });
    }
    // Well-formed escapes still decode as before.
    const encoded = await local.api.call(
      'GET',
      `/cases/${encodeURIComponent('case_aaaaaaaaaaaa')}`,
      coordinator(),
    );
    expect(encoded.status).toBe(404);
  });

  it('answers a request Node cannot parse with a JSON 400, not a bare one', async () => {
    const { port, hostname } = new URL(apiUrl());
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(request));
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => {
          text += chunk;
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
    for (const request of [
      'GET /cases HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'GET /cases\x01 HTTP/1.1\r\nHost: x\r\n\r\n',
      'NOT A REQUEST\r\n\r\n',
    ]) {
      const answer = await raw(request);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
        error: { code: 'bad_request' },
      });
    }
  });

  it('keeps the audit of a refusal flood bounded, and records the first refusal of every distinct token', async () => {
    const since = new Date().toISOString();
    const relay = `${apiUrl()}/relay/cases`;
    // 200 anonymous requests and 100 with distinct malformed tokens, from one source.
    const anonymous = await flood(200, 20, () => fetch(relay));
    const malformed = await flood(100, 20, (index) =>
      fetch(relay, { headers: { authorization: `Bearer not-a-token-${index}` } }),
    );
    expect(new Set([...anonymous, ...malformed])).toEqual(new Set([401]));
    // Five distinct well-formed tokens nobody issued, each tried ten times.
    const tokens = Array.from({ length: 5 }, () => newToken('hospital'));
    await flood(50, 10, (index) =>
      fetch(relay, { headers: { authorization: `Bearer ${tokens[index % tokens.length]}` } }),
    );

    const refusals = await auditSince(since);
    // 350 refusals, a handful of audit events.
    expect(refusals.length).toBeLessThan(30);
    const bySource = refusals.filter((item) =>
      String((item.actor as { id: string }).id).startsWith('source:'),
    );
    // Per source, route and minute one event, plus the counts at 10, 100 and so on: the flood
    // may cross one minute boundary, so at most two of each.
    const first = bySource.filter((item) => item.action !== 'auth.refused.repeatedly');
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first.length).toBeLessThanOrEqual(4);
    expect(new Set(first.map((item) => item.action))).toEqual(
      new Set(['auth.refused.missing', 'auth.refused.malformed']),
    );
    const counted = bySource.filter((item) => item.action === 'auth.refused.repeatedly');
    expect(counted.length).toBeLessThanOrEqual(6);
    expect(
      Math.max(...counted.map((item) => (item.counts as { refusalsThisMinute: number }).refusalsThisMinute)),
    ).toBeGreaterThanOrEqual(100);
    for (const token of tokens) {
      const mine = refusals.filter(
        (item) => (item.actor as { id: string }).id === `token:${hashToken(token).slice(0, 12)}`,
      );
      const firstOfToken = mine.filter((item) => item.action === 'auth.refused.unknown-expired-or-revoked');
      expect(firstOfToken.length).toBeGreaterThanOrEqual(1);
      expect(firstOfToken.length).toBeLessThanOrEqual(2);
      expect(firstOfToken[0]).toMatchObject({ target: 'GET /relay/cases', outcome: 'denied' });
    }
    expect(JSON.stringify(refusals)).not.toContain('not-a-token');
    for (const token of tokens) expect(JSON.stringify(refusals)).not.toContain(token);
    expect(JSON.stringify(refusals)).not.toContain('127.0.0.1');
  }, 60_000);

  it('refuses a revoked hospital token and a cancelled case’s patient link at once, on case-changing routes too', async () => {
    const hospitalId = local.backend.endpoints.hospitals[1]!.hospitalId;
    const issued = await local.api.call('POST', `/hospitals/${hospitalId}/tokens`, coordinator(), {});
    expect(issued.status).toBe(201);
    const token = issued.body.token as string;
    // Used once, as a hospital's pull client would, before it is revoked.
    expect((await local.api.call('GET', '/relay/cases', token)).status).toBe(200);
    expect(
      (
        await local.api.call(
          'DELETE',
          `/hospitals/${hospitalId}/tokens/${issued.body.tokenId}`,
          coordinator(),
        )
      ).status,
    ).toBe(200);
    const specialist = await local.api.call('POST', '/relay/cases/case_aaaaaaaaaaaa/specialist', token, {
      name: 'X',
      department: 'Y',
    });
    expect(specialist).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'A valid token is required for this route.' } },
    });
    expect((await local.api.call('GET', '/relay/cases', token)).status).toBe(401);

    const { caseId, patientToken } = await local.openCase({ fullName: 'Revoked Link' });
    expect((await local.api.call('GET', '/patient/case', patientToken)).status).toBe(200);
    expect(
      (await local.api.call('POST', `/cases/${caseId}/cancel`, coordinator(), { reason: 'Withdrawn.' }))
        .status,
    ).toBe(200);
    const shipment = await local.api.call('POST', '/patient/imaging-shipment', patientToken, {
      carrier: 'DHL',
      trackingNumber: 'JD0146000031',
      shippedAt: '2026-11-20',
      contents: 'CT chest, 1 disc',
    });
    expect(shipment.status).toBe(401);
    expect((await local.api.call('GET', '/patient/case', patientToken)).status).toBe(401);
  }, 60_000);
});
