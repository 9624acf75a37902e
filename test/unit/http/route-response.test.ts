import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { logger } from '../../../functions/adapters/logger';
import { relayPackageResponse } from '../../../functions/core/responses/relay';
import { route } from '../../../functions/http/route';

const context = {} as Context;
const event = {
  version: '2.0',
  routeKey: 'GET /x',
  rawPath: '/x',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: {} as never,
} as APIGatewayProxyEventV2;

const response = z.object({
  caseId: z.string(),
  files: z.array(z.object({ fileName: z.string(), size: z.number().int() })),
});
const answering = (body: unknown) =>
  route({ auth: 'public', response }, async () => ({ statusCode: 200, body }));

describe('route response schemas', () => {
  beforeEach(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });
  afterEach(() => vi.restoreAllMocks());

  it('sends a body that matches its schema as the handler wrote it (checked, not rewritten)', async () => {
    const body = { caseId: 'case_aaaaaaaaaaaa', files: [{ fileName: 'a.pdf', size: 3 }], extra: true };
    const result = await answering(body)(event, context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual(body);
  });

  it('turns a body that does not match into a 500, logging the failing field by path, never its value', async () => {
    const errors = vi.spyOn(logger, 'error');
    const result = await answering({
      caseId: 'case_aaaaaaaaaaaa',
      files: [{ fileName: 'Jane Doe pathology.pdf', size: 'Jane Doe' }],
    })(event, context);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body!)).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong. Please try again.' },
    });
    expect(errors).toHaveBeenCalledWith('response does not match its schema', {
      fields: [{ path: 'files.0.size', code: 'invalid_type' }],
    });
    expect(JSON.stringify(errors.mock.calls)).not.toContain('Jane Doe');
    expect(result.body).not.toContain('Jane Doe');
  });

  it('checks with the zod mini schemas core/responses declares, logging paths and codes alike', async () => {
    const errors = vi.spyOn(logger, 'error');
    const file = {
      fileId: 'f1',
      fileName: 'Jane Doe.pdf',
      category: 'pathology-report',
      size: 3,
      sha256: 'a'.repeat(64),
      url: 'https://relay.example/f1',
      expiresAt: '2026-01-01T00:00:00.000Z',
    };
    const relay = (body: unknown) =>
      route({ auth: 'public', response: relayPackageResponse }, async () => ({ statusCode: 200, body }))(
        event,
        context,
      );
    const good = { caseId: 'case_aaaaaaaaaaaa', files: [file] };
    expect((await relay(good)).body).toBe(JSON.stringify(good));
    const bad = await relay({
      caseId: 'case_aaaaaaaaaaaa',
      files: [{ ...file, sha256: 'Jane Doe', size: 1.5 }],
    });
    expect(bad.statusCode).toBe(500);
    expect(errors).toHaveBeenCalledWith('response does not match its schema', {
      fields: [
        { path: 'files.0.size', code: 'invalid_type' },
        { path: 'files.0.sha256', code: 'invalid_format' },
      ],
    });
    expect(JSON.stringify(errors.mock.calls)).not.toContain('Jane Doe');
  });

  it('leaves error answers alone: only successful bodies are checked', async () => {
    const result = await route({ auth: 'public', response }, async () => ({
      statusCode: 404,
      body: { error: { code: 'not_found', message: 'Not found.' } },
    }))(event, context);
    expect(result.statusCode).toBe(404);
  });
});
