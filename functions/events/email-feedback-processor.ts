import { addTimelineEvent, getCase, mutateCase } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import { type SesFeedbackMessage, sesFeedbackEvent } from '../core/inputs/events';
import { undeliveredForCoordinator } from '../core/messages/coordinator';
import { parseInput } from '../core/parse-input';

/** The parts of an SES event notification (through SNS) this handler reads. */
type SesEvent = SesFeedbackMessage;

/**
 * Bounces and complaints from SES: SES already suppresses the address (configuration set);
 * this records on the case which notification did not arrive and tells the coordinator, who
 * can reach the patient or hospital another way. Transient bounces are SES's to retry.
 */
export async function handler(raw: unknown): Promise<void> {
  const event = parseInput(sesFeedbackEvent, raw, 'the SES feedback event');
  for (const record of event.Records) {
    let message: SesEvent;
    try {
      message = JSON.parse(record.Sns.Message) as SesEvent;
    } catch {
      logger.warn('email feedback that is not JSON');
      continue;
    }
    const kind = message.eventType;
    if (kind !== 'Bounce' && kind !== 'Complaint' && kind !== 'Reject') continue;
    if (kind === 'Bounce' && message.bounce?.bounceType === 'Transient') continue;
    const caseId = message.mail?.tags?.caseId?.[0];
    const notification = message.mail?.tags?.notification?.[0] ?? 'unknown';
    const messageId = message.mail?.messageId ?? record.Sns.MessageId;
    if (!caseId || !(await getCase(caseId))) {
      logger.warn('email feedback without a case', { kind });
      continue;
    }
    const coordinator = setting('coordinatorEmail');
    if (message.mail?.destination?.includes(coordinator)) {
      // The coordinators' own address failed: telling them by email would fail too.
      logger.error('coordinator email undeliverable', { caseId, kind });
      continue;
    }
    const outcome = await mutateCase(caseId, (current) =>
      (current.undelivered ?? []).some((entry) => entry.messageId === messageId)
        ? { result: false }
        : {
            changes: {
              set: {
                undelivered: [
                  ...(current.undelivered ?? []),
                  { messageId, kind, notification, at: new Date().toISOString() },
                ],
              },
            },
            result: true,
          },
    );
    if (!outcome?.result) continue;
    await addTimelineEvent(
      caseId,
      'email-undelivered',
      `A notification (${notification}) was not delivered: ${kind}.`,
    );
    await notifyOnce(
      caseId,
      `undelivered-${messageId.replace(/[^A-Za-z0-9-]/g, '')}`,
      undeliveredForCoordinator(coordinator, caseId, notification, kind),
    );
    logger.info('email feedback recorded', { caseId, kind });
  }
}
