import type { Deadline } from '../business-days';
import { readableDeadline } from '../deadline-tracking';
import type { Notification } from './notification';

/** What the coordinators' mailbox is told: case ids, never patient details. */

export function deadlineExtendedForCoordinator(
  to: string,
  caseId: string,
  hospitalName: string,
  extension: { readonly businessDays: number; readonly reason: string },
  deadline: Deadline,
): Notification {
  return {
    to,
    subject: `Case ${caseId}: deadline extended`,
    text: `${hospitalName} extended case ${caseId} by ${extension.businessDays} business day(s), to ${readableDeadline(deadline)}. Reason given: ${extension.reason}`,
  };
}

/** The opinion departs from the home plan: the coordinator reviews it before the summary. */
export function divergenceForCoordinator(
  to: string,
  caseId: string,
  points: readonly { readonly kind: string }[],
): Notification {
  return {
    to,
    subject: `Case ${caseId}: the opinion diverges from the home plan`,
    text: `The opinion for case ${caseId} differs on ${points.map((point) => point.kind).join(' and ')}. Review it before the summary; you can request a clinician-to-clinician call or open a third review.`,
  };
}

export function postReportCallForCoordinator(to: string, caseId: string): Notification {
  return {
    to,
    subject: `Case ${caseId}: the patient requests the post-report call`,
    text: `The patient of case ${caseId} asks for the post-report call. Preferred times are in the case.`,
  };
}

export function translationOutageForCoordinator(to: string, caseId: string): Notification {
  return {
    to,
    subject: `Case ${caseId}: package sent without machine translation`,
    text: `Amazon Translate was unavailable while the package for case ${caseId} was built, so the hospital received the English originals, each marked as not translated. If the hospital needs the Chinese drafts, resubmit the case once the service is back.`,
  };
}

export function quarantineForCoordinator(
  to: string,
  caseId: string,
  documentId: string,
  scanResult: string,
): Notification {
  return {
    to,
    subject: `Case ${caseId}: an upload was quarantined`,
    text: `Document ${documentId} of case ${caseId} was held back by the malware scan (${scanResult}). It stays in the quarantine bucket and was not promoted to the records.`,
  };
}

export function uploadLinkReusedForCoordinator(
  to: string,
  caseId: string,
  documentId: string,
  documentStatus: string,
): Notification {
  return {
    to,
    subject: `Case ${caseId}: an upload link was used twice`,
    text: `Document ${documentId} of case ${caseId}: a second file was sent with the same upload link. The document keeps the first file (it is ${documentStatus}); the second stays in the quarantine bucket and was not checked, scanned or copied to the records.`,
  };
}

export function waitingTooLongForCoordinator(to: string, caseId: string, waitingFor: string): Notification {
  return {
    to,
    subject: `Case ${caseId} is waiting too long`,
    text: `Case ${caseId} is still waiting for ${waitingFor}. Please follow up.`,
  };
}

export function undeliveredForCoordinator(
  to: string,
  caseId: string,
  notification: string,
  kind: string,
): Notification {
  return {
    to,
    subject: `Case ${caseId}: a notification was not delivered`,
    text: `The notification "${notification}" of case ${caseId} was not delivered (${kind}). SES will not mail that address again; please reach the recipient another way and correct the address.`,
  };
}
