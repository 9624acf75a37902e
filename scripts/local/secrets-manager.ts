import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Secrets Manager stand-in on loopback for local runs that take card payments: it answers
 * GetSecretValue (the one call the functions make) for the secrets it was started with, over the
 * same JSON protocol, so the functions use the real SDK client with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 * No emulator of Secrets Manager runs on Node; this holds test values only, never a real key.
 */
export interface LocalSecrets {
  readonly endpoint: string;
  /** The ARN each secret answers to. */
  arn(name: string): string;
  stop(): Promise<void>;
}

export async function startSecretsManager(
  host: string,
  region: string,
  secrets: Readonly<Record<string, string>>,
): Promise<LocalSecrets> {
  const arn = (name: string) => `arn:aws:secretsmanager:${region}:000000000000:secret:${name}`;
  const byId = new Map<string, { name: string; value: string }>();
  for (const [name, value] of Object.entries(secrets)) {
    byId.set(name, { name, value });
    byId.set(arn(name), { name, value });
  }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        answer(400, { __type: 'InvalidRequestException', message: 'Only GetSecretValue is served here.' });
        return;
      }
      let secretId = '';
      try {
        secretId =
          (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: string }).SecretId ?? '';
      } catch {
        // Answered as not found below.
      }
      const secret = byId.get(secretId);
      if (!secret) {
        answer(400, {
          __type: 'ResourceNotFoundException',
          message: 'Secrets Manager can’t find the specified secret.',
        });
        return;
      }
      answer(200, {
        ARN: arn(secret.name),
        Name: secret.name,
        SecretString: secret.value,
        VersionId: 'local-version-1',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    arn,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
