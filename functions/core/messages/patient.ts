import type { Deadline } from '../business-days';
import { readableDeadline } from '../deadline-tracking';
import type { Notification } from './notification';

/** What the patient is told by email: plain words, no clinical detail. */

export function deadlineExtendedForPatient(
  to: string,
  businessDays: number,
  deadline: Deadline,
): Notification {
  return {
    to,
    subject: 'Your second opinion: a new expected date',
    text: `The specialists reviewing your records have asked for ${businessDays} more working day(s) to complete their review. Your written opinion is now expected ${readableDeadline(deadline)}. You do not need to do anything.`,
  };
}

export function addendumForPatient(to: string): Notification {
  return {
    to,
    subject: 'Your second opinion: the hospital answered your questions',
    text: 'The specialists have answered your follow-up questions in a written addendum. You can read it with your report.',
  };
}

export function reportReadyForPatient(to: string, patientPortalUrl: string): Notification {
  return {
    to,
    subject: 'Your second opinion is ready',
    text: `The written opinion on your case is ready. Open your patient link to read it: ${patientPortalUrl.replace(/\/$/, '')}/upload`,
  };
}
