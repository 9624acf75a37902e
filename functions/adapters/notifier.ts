import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ses } from './aws-clients';
import { claimOnce, releaseClaim } from './case-store';
import { setting } from './settings';

export interface Notification {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Email through SES from the configured, verified sender, in the configuration set that
 * suppresses bounced and complaining addresses and reports them back. The case id (an id,
 * never PHI) travels as a message tag so a bounce finds its case.
 */
async function sendWithSes(message: Notification, caseId: string, key: string): Promise<void> {
  const configurationSet = setting('sesConfigurationSet');
  await ses().send(
    new SendEmailCommand({
      FromEmailAddress: setting('senderEmail'),
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: { Subject: { Data: message.subject }, Body: { Text: { Data: message.text } } },
      },
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      EmailTags: [
        { Name: 'caseId', Value: caseId },
        // Tag values allow letters, digits, _ and - only.
        { Name: 'notification', Value: key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) },
      ],
    }),
  );
}

/** The local stand-in for email: one JSON file per message, written atomically. */
async function writeToOutbox(message: Notification, key: string): Promise<void> {
  const dir = setting('outboxDir');
  await mkdir(dir, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}.json`;
  const temporary = join(dir, `.${name}.tmp`);
  await writeFile(temporary, `${JSON.stringify({ ...message, at: new Date().toISOString() }, null, 2)}\n`);
  await rename(temporary, join(dir, name));
}

/**
 * Sends a notification exactly once per (case, key): a retried workflow step or a replayed
 * event finds the claim and sends nothing. If sending fails the claim is released for the retry.
 */
export async function notifyOnce(caseId: string, key: string, message: Notification): Promise<boolean> {
  if (!(await claimOnce(caseId, `notify:${key}`))) return false;
  try {
    if (setting('notifier') === 'outbox') await writeToOutbox(message, `${caseId}-${key}`);
    else await sendWithSes(message, caseId, key);
    return true;
  } catch (error) {
    await releaseClaim(caseId, `notify:${key}`);
    throw error;
  }
}
