import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentConfig } from '../../infra/config';

const defaults = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8'))
  .context as Record<string, unknown>;
const read = (overrides: Record<string, unknown>) => (name: string) =>
  name in overrides ? overrides[name] : defaults[name];

describe('deployment settings (cdk.json context)', () => {
  it('accepts the defaults that npm run synth uses', () => {
    expect(deploymentConfig(read({}))).toMatchObject({
      region: 'us-east-1',
      relayRegion: 'ap-east-1',
      allowedOrigins: ['https://patients.example.org'],
      logRetentionDays: 365,
    });
  });

  it('takes -c values, which arrive as strings', () => {
    const config = deploymentConfig(
      read({ allowedOrigins: 'https://a.example.org, https://b.example.org', logRetentionDays: '731' }),
    );
    expect(config.allowedOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.logRetentionDays).toBe(731);
  });

  it('names every wrong setting in one message', () => {
    expect(() =>
      deploymentConfig(
        read({
          region: 'Virginia',
          alarmEmail: 'nobody',
          allowedOrigins: 'http://insecure.example.org',
          logRetentionDays: 100,
          environmentName: undefined,
        }),
      ),
    ).toThrow(
      new RegExp(
        [
          'context "environmentName"',
          'context "region" must be an AWS region',
          'context "alarmEmail" must be an email address',
          'context "allowedOrigins.0" must be an https origin',
          'context "logRetentionDays" must be one of 1, 3, 5',
        ].join('[\\s\\S]*'),
      ),
    );
  });
});
