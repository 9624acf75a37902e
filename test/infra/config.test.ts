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

  it('derives the managed login domain prefix from the environment unless one is set', () => {
    expect(deploymentConfig(read({})).signInDomainPrefix).toBe('oncology-second-opinions-dev');
    expect(deploymentConfig(read({ environmentName: 'prod' })).signInDomainPrefix).toBe(
      'oncology-second-opinions-prod',
    );
    expect(deploymentConfig(read({ signInDomainPrefix: 'second-opinions-acme' })).signInDomainPrefix).toBe(
      'second-opinions-acme',
    );
    expect(deploymentConfig(read({})).consoleUrl).toBe('https://patients.example.org/console');
  });

  it('puts the hospital portal beside the console unless hospitalPortalUrl says where', () => {
    expect(deploymentConfig(read({})).hospitalPortalUrl).toBe('https://patients.example.org/hospital');
    expect(
      deploymentConfig(read({ hospitalPortalUrl: 'https://hospitals.example.org/hospital' }))
        .hospitalPortalUrl,
    ).toBe('https://hospitals.example.org/hospital');
    expect(() =>
      deploymentConfig(read({ hospitalPortalUrl: 'http://hospitals.example.org/hospital' })),
    ).toThrow(/context "hospitalPortalUrl" must be an https URL/);
    expect(() =>
      deploymentConfig(read({ hospitalPortalUrl: 'https://hospitals.example.org/h?x=1' })),
    ).toThrow(/context "hospitalPortalUrl" may carry no query or fragment/);
  });

  it('refuses sign-in settings Cognito would refuse at deploy time', () => {
    expect(() => deploymentConfig(read({ consoleUrl: 'http://patients.example.org/console' }))).toThrow(
      /context "consoleUrl" must be an https URL/,
    );
    expect(() => deploymentConfig(read({ consoleUrl: 'https://patients.example.org/console#x' }))).toThrow(
      /context "consoleUrl" may carry no query or fragment/,
    );
    expect(() => deploymentConfig(read({ signInDomainPrefix: 'my-cognito-login' }))).toThrow(
      /context "signInDomainPrefix" may not contain aws, amazon or cognito/,
    );
    // An environment name may end in a dash; a prefix may not.
    expect(() => deploymentConfig(read({ environmentName: 'dev-' }))).toThrow(
      /context "signInDomainPrefix" \(by default oncology-second-opinions-<environmentName>\) must be 1–63/,
    );
    expect(() => deploymentConfig(read({ signInDomain: 'sign-in.your.org' }))).toThrow(
      /context "signInCertificateArn" signInDomain and signInCertificateArn are set together/,
    );
    expect(() =>
      deploymentConfig(
        read({
          signInDomain: 'sign-in.your.org',
          signInCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e',
        }),
      ),
    ).toThrow(/context "signInCertificateArn" must be the ARN of an ACM certificate in us-east-1/);
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
