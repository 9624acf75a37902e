import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetClients } from '../../../functions/adapters/aws-clients';
import { useFakeAwsEnv } from '../fake-aws-env';

vi.mock('../../../functions/adapters/case-store', () => ({
  // The claim table is DynamoDB's; here every claim is new.
  actOnce: async (_caseId: string, _key: string, action: () => Promise<void>) => {
    await action();
    return true;
  },
}));

const { notifyOnce } = await import('../../../functions/adapters/notifier');

describe('email through SES', () => {
  const sesMock = mockClient(SESv2Client);
  beforeEach(() => {
    useFakeAwsEnv();
    resetClients();
    // No switch: the notifier always speaks SES v2 (locally to the emulator the SDK is pointed at).
    delete process.env.NOTIFIER;
    process.env.SENDER_EMAIL = 'no-reply@example.org';
    process.env.SES_CONFIGURATION_SET = 'oncology-feedback';
  });
  afterEach(() => sesMock.reset());

  it('sends in the configuration set with the case id as a tag, so a bounce finds its case, and as headers', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await notifyOnce('case_abcdefgh12345678', 'patient-report-1', {
      to: 'patient@example.org',
      subject: 'Ready',
      text: 'Your opinion is ready.',
    });
    const input = sesMock.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'no-reply@example.org',
      ConfigurationSetName: 'oncology-feedback',
      EmailTags: [
        { Name: 'caseId', Value: 'case_abcdefgh12345678' },
        { Name: 'notification', Value: 'patient-report-1' },
      ],
      Content: {
        Simple: {
          Subject: { Data: 'Ready' },
          Body: { Text: { Data: 'Your opinion is ready.' } },
          Headers: [
            { Name: 'X-Case-Id', Value: 'case_abcdefgh12345678' },
            { Name: 'X-Notification', Value: 'patient-report-1' },
          ],
        },
      },
    });
  });
});
