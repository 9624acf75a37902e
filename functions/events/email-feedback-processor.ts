import { getCase } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { setting } from '../adapters/settings';
import { readEmailFeedback } from '../core/email-feedback';
import { sesFeedbackEvent } from '../core/inputs/events';
import { parseInput } from '../core/parse-input';
import { recordUndelivered } from '../services/undelivered-email';

/**
 * Bounces and complaints from SES: SES already suppresses the address (configuration set);
 * this records on the case which notification did not arrive and tells the coordinator, who
 * can reach the patient or hospital another way. Transient bounces are SES's to retry.
 */
export async function handler(raw: unknown): Promise<void> {
  const event = parseInput(sesFeedbackEvent, raw, 'the SES feedback event');
  for (const record of event.Records) {
    const feedback = readEmailFeedback(record.Sns);
    if (feedback.about === 'not-json') logger.warn('email feedback that is not JSON');
    if (feedback.about !== 'undelivered') continue;
    const { caseId, kind } = feedback;
    if (!caseId || !(await getCase(caseId))) {
      logger.warn('email feedback without a case', { kind });
      continue;
    }
    const coordinator = setting('coordinatorEmail');
    if (feedback.destination.includes(coordinator)) {
      // The coordinators' own address failed: telling them by email would fail too.
      logger.error('coordinator email undeliverable', { caseId, kind });
      continue;
    }
    if (await recordUndelivered(caseId, feedback, coordinator)) {
      logger.info('email feedback recorded', { caseId, kind });
    }
  }
}
