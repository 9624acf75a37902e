import { addTimelineEvent, mutateCase } from '../adapters/case-store';
import { notifyOnce } from '../adapters/notifier';
import { decideUndelivered, type UndeliveredEmail } from '../core/email-feedback';
import { undeliveredForCoordinator } from '../core/messages/coordinator';

/**
 * Records on the case a notification SES could not deliver and tells the coordinator, who can
 * reach the patient or hospital another way; a repeated SNS delivery changes nothing. True
 * when this call recorded it. Stamped when recorded: SES feedback runs on real time, outside
 * the workflow's business clock, like the timeline entry written with it.
 */
export async function recordUndelivered(
  caseId: string,
  email: UndeliveredEmail,
  coordinator: string,
): Promise<boolean> {
  const outcome = await mutateCase(caseId, (current) => {
    const set = decideUndelivered(current, email, new Date().toISOString());
    return set ? { changes: { set }, result: true } : { result: false };
  });
  if (!outcome?.result) return false;
  const { kind, notification, messageId } = email;
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
  return true;
}
