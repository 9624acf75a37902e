import type { CaseRecord } from './case/record';
import type { SesFeedbackMessage } from './inputs/events';

export type UndeliveredEntry = NonNullable<CaseRecord['undelivered']>[number];

/** A notification SES reports as not delivered, for good: bounced for good, complained about or rejected. */
export interface UndeliveredEmail extends Omit<UndeliveredEntry, 'at'> {
  /** The case the notification was about (its `caseId` tag), if it names one. */
  readonly caseId?: string;
  readonly destination: readonly string[];
}

/**
 * What one SNS delivery of an SES event notification says: a notification that did not arrive
 * (`undelivered`), or nothing to record (`other`: deliveries, opens, and transient bounces, which
 * SES retries itself), or a message that is not JSON.
 */
export type EmailFeedback =
  | ({ readonly about: 'undelivered' } & UndeliveredEmail)
  | { readonly about: 'other' }
  | { readonly about: 'not-json' };

export function readEmailFeedback(sns: {
  readonly MessageId: string;
  readonly Message: string;
}): EmailFeedback {
  let message: SesFeedbackMessage;
  try {
    message = JSON.parse(sns.Message) as SesFeedbackMessage;
  } catch {
    return { about: 'not-json' };
  }
  const kind = message.eventType;
  if (kind !== 'Bounce' && kind !== 'Complaint' && kind !== 'Reject') return { about: 'other' };
  if (kind === 'Bounce' && message.bounce?.bounceType === 'Transient') return { about: 'other' };
  const caseId = message.mail?.tags?.caseId?.[0];
  return {
    about: 'undelivered',
    kind,
    notification: message.mail?.tags?.notification?.[0] ?? 'unknown',
    messageId: message.mail?.messageId ?? sns.MessageId,
    ...(caseId ? { caseId } : {}),
    destination: message.mail?.destination ?? [],
  };
}

/** Adds the notification to the case's undelivered list, once per SES message: undefined when it is there. */
export function decideUndelivered(
  current: CaseRecord,
  email: Omit<UndeliveredEntry, 'at'>,
  at: string,
): Pick<CaseRecord, 'undelivered'> | undefined {
  const { messageId, kind, notification } = email;
  if ((current.undelivered ?? []).some((entry) => entry.messageId === messageId)) return undefined;
  return { undelivered: [...(current.undelivered ?? []), { messageId, kind, notification, at }] };
}
