import { audit } from '../adapters/audit-log';
import { addTimelineEvent, mutateCase } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import { StaleSubmissionError, timedWorkflowInput } from '../core/inputs/workflow';
import { reportReadyForPatient } from '../core/messages/patient';
import { parseInput } from '../core/parse-input';

/** The report and its summary are ready: complete the case and tell the patient. */
export async function handler(event: unknown): Promise<{ completed: boolean }> {
  const input = parseInput(timedWorkflowInput, event, 'the DeliverReport input');
  const completedAt = new Date(input.now).toISOString();
  const outcome = await mutateCase(input.caseId, (record) => {
    if (record.submission !== input.submission) throw new StaleSubmissionError();
    if (record.status === 'completed') return { result: false };
    if (record.status !== 'awaiting-summary' || !record.plainLanguageSummary) {
      throw new Error('the report cannot be delivered before the summary is written');
    }
    return { changes: { set: { status: 'completed', completedAt } }, result: true };
  });
  if (!outcome) throw new Error('case missing');
  if (outcome.result) {
    await addTimelineEvent(
      input.caseId,
      'report-delivered',
      'The report and its summary were delivered to the patient.',
    );
    await audit({
      caseId: input.caseId,
      actor: { role: 'system', id: 'deliver-report' },
      action: 'report.deliver',
      outcome: 'allowed',
    });
  }
  await notifyOnce(
    input.caseId,
    `patient-report-${input.submission}`,
    reportReadyForPatient(
      outcome.record.patient.email,
      outcome.record.patient.language,
      setting('patientPortalUrl'),
    ),
  );
  logger.info('report delivered', { caseId: input.caseId, submission: input.submission });
  return { completed: outcome.result };
}
