import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../functions/contract';
import { useLocalBackend } from './harness';

/**
 * Amazon Translate misbehaving while a package is built. No Translate runs locally, so a
 * stand-in speaking its JSON protocol answers the real SDK: throttling for a while, or an outage
 * that outlasts every retry. Its "translation" is the text marked 【译】, enough to tell it arrived.
 */
let mode: 'throttle-then-answer' | 'down' = 'throttle-then-answer';
let throttlesLeft = 0;
const answered = { throttled: 0, unavailable: 0, translated: 0 };
let server: Server;
let endpoint = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'] ?? '';
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { Text?: string };
      const fail = (status: number, type: string) => {
        response.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-errortype': type,
        });
        response.end(JSON.stringify({ __type: type, message: 'stand-in fault' }));
      };
      if (!String(target).endsWith('.TranslateText')) return fail(400, 'InvalidRequestException');
      if (mode === 'down') {
        answered.unavailable += 1;
        return fail(503, 'ServiceUnavailableException');
      }
      if (throttlesLeft > 0) {
        throttlesLeft -= 1;
        answered.throttled += 1;
        return fail(400, 'ThrottlingException');
      }
      answered.translated += 1;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          TranslatedText: `【译】${body.Text ?? ''}`,
          SourceLanguageCode: 'en',
          TargetLanguageCode: 'zh',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const local = useLocalBackend('translate-faults', { translateEndpoint: () => endpoint });

async function translationText(caseId: string, token: string) {
  const pkg = (await local.api.call('GET', `/relay/cases/${caseId}/package`, token)).body as {
    files: { category: string; url: string }[];
  };
  const file = pkg.files.find((entry) => entry.category === 'translation');
  if (!file) throw new Error('the package has no translation file');
  return (await fetch(file.url)).text();
}

describe('Amazon Translate faults during a package build', () => {
  it('throttling: the translator backs off and retries, and the package carries the machine draft', async () => {
    mode = 'throttle-then-answer';
    throttlesLeft = 3;
    const { caseId, hospital } = await local.deliveredCase();
    expect(answered.throttled).toBe(3);
    expect(answered.translated).toBeGreaterThanOrEqual(2);
    const text = await translationText(caseId, hospital.token);
    expect(text).toContain('【译】');
    expect(text).toContain('Machine translation (Amazon Translate)');
    const view = (await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken))
      .body;
    expect(view.timeline.some((event: { type: string }) => event.type === 'translation-unavailable')).toBe(
      false,
    );
  }, 60_000);

  it('an outage past every retry: the package still goes, in English and saying so, and the coordinator is told once', async () => {
    mode = 'down';
    const { caseId, hospital } = await local.deliveredCase();
    expect(answered.unavailable).toBeGreaterThanOrEqual(6);
    const text = await translationText(caseId, hospital.token);
    expect(text).toContain('Amazon Translate was unavailable');
    expect(text).not.toContain('【译】');
    const view = (await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken))
      .body;
    expect(view.status).toBe('awaiting-receipt');
    expect(
      view.timeline.filter((event: { type: string }) => event.type === 'translation-unavailable'),
    ).toHaveLength(1);
    const mail = (await local.mail(caseId)).filter((message) =>
      message.key.startsWith('translation-unavailable'),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]?.to).toBe(process.env[env.coordinatorEmail]);
  }, 60_000);
});
