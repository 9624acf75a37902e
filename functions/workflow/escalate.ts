import { createHash } from 'node:crypto';
import { addTimelineEvent, getCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import { callbackInput } from '../core/inputs/workflow';
import { waitingTooLongForCoordinator } from '../core/messages/coordinator';
import { receiptReminderForHospital } from '../core/messages/hospital';
import { parseInput } from '../core/parse-input';

const waitingFor = {
  'certified-translation': 'the certified translations the hospital requires',
  receipt: 'the hospital to confirm receipt of the records',
  report: 'the hospital report',
  summary: 'the plain-language summary',
} as const;

/**
 * A wait ran past its timeout: tell the coordinator (and the hospital when it is the one
 * late). Keyed on the token of the wait that timed out, so a retried step sends nothing twice.
 */
export async function handler(event: unknown): Promise<{ escalated: boolean }> {
  const input = parseInput(callbackInput, event, 'the escalation input');
  const record = await getCase(input.caseId);
  if (!record || record.submission !== input.submission) return { escalated: false };
  const token = record.callbacks[input.stage]?.token ?? 'none';
  const key = `escalation-${input.stage}-${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
  const sent = await notifyOnce(
    input.caseId,
    key,
    waitingTooLongForCoordinator(setting('coordinatorEmail'), input.caseId, waitingFor[input.stage]),
  );
  // The hospital is reminded only of what it owes (a late report has its own chase: TrackReportDeadline).
  if (input.stage === 'receipt') {
    const hospital = await getHospital(input.hospitalId);
    if (hospital) {
      await notifyOnce(
        input.caseId,
        `${key}-hospital`,
        receiptReminderForHospital(hospital.contactEmail, input.caseId, waitingFor[input.stage]),
      );
    }
  }
  if (sent)
    await addTimelineEvent(
      input.caseId,
      'escalated',
      `Still waiting for ${waitingFor[input.stage]}; the coordinator was alerted.`,
    );
  return { escalated: sent };
}
