import type { Notification } from './notification';

/** What a hospital's international patient department is told: case ids, never patient details. */

export function packageDeliveredForHospital(to: string, caseId: string, fileCount: number): Notification {
  return {
    to,
    subject: `New second-opinion case ${caseId}`,
    text: `A new case (${caseId}) with ${fileCount} files is ready in your relay. Please download it and confirm receipt.`,
  };
}

export function receiptReminderForHospital(to: string, caseId: string, waitingFor: string): Notification {
  return { to, subject: `Reminder: case ${caseId}`, text: `Case ${caseId} is waiting for ${waitingFor}.` };
}

export function clinicianCallForHospital(to: string, caseId: string, note: string | undefined): Notification {
  return {
    to,
    subject: `Case ${caseId}: a clinician-to-clinician call is requested`,
    text: `The coordinator of case ${caseId} asks for a call between the patient's oncologist and the specialist who wrote the opinion. Note: ${note}`,
  };
}

export function followUpQuestionForHospital(
  to: string,
  caseId: string,
  number: number,
  most: number,
): Notification {
  return {
    to,
    subject: `Case ${caseId}: a follow-up question from the patient`,
    text: `The patient of case ${caseId} has sent follow-up question ${number} of ${most} about your opinion. Read it with GET /relay/cases/${caseId}/questions and answer with an addendum.`,
  };
}
