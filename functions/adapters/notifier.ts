import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Notification } from '../core/messages/notification';
import { ses } from './aws-clients';
import { actOnce } from './case-store';
import { setting } from './settings';

export type { Notification };

/**
 * Message headers naming the case and the notification (ids, never PHI). SES tags reach only
 * SES's own events; the headers travel with the message itself, so a mail forwarded to support,
 * or read in a mailbox that keeps headers but not tags (the local SES emulator's), still says
 * which notification it is.
 */
export const notificationHeaders = { caseId: 'X-Case-Id', notification: 'X-Notification' } as const;

/**
 * Email through SES v2 from the configured, verified sender, in the configuration set that
 * suppresses bounced and complaining addresses and reports them back. The case id travels as a
 * message tag so a bounce finds its case. The client's endpoint is the SDK's (locally, the
 * emulator's through AWS_ENDPOINT_URL_SESV2).
 */
async function send(message: Notification, caseId: string, key: string): Promise<void> {
  const configurationSet = setting('sesConfigurationSet');
  // Tag values allow letters, digits, _ and - only.
  const notification = key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
  await ses().send(
    new SendEmailCommand({
      FromEmailAddress: setting('senderEmail'),
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject },
          Body: { Text: { Data: message.text } },
          ...(message.attachments?.length
            ? {
                Attachments: message.attachments.map((file) => ({
                  FileName: file.fileName,
                  ContentType: file.contentType,
                  ContentDisposition: 'ATTACHMENT' as const,
                  RawContent: Buffer.from(file.content, 'utf8'),
                })),
              }
            : {}),
          Headers: [
            { Name: notificationHeaders.caseId, Value: caseId },
            { Name: notificationHeaders.notification, Value: notification },
          ],
        },
      },
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      EmailTags: [
        { Name: 'caseId', Value: caseId },
        { Name: 'notification', Value: notification },
      ],
    }),
  );
}

/**
 * Sends a notification exactly once per (case, key): a retried workflow step or a replayed
 * event finds the claim and sends nothing. If sending fails the claim is released for the retry.
 */
export async function notifyOnce(caseId: string, key: string, message: Notification): Promise<boolean> {
  return actOnce(caseId, `notify:${key}`, () => send(message, caseId, key));
}
