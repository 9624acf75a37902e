import { getCase } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { isChased, nextWake, type TrackingWake } from '../core/case/decide-tracking';
import { trackDeadlineInput } from '../core/inputs/workflow';
import { parseInput } from '../core/parse-input';
import { chaseDueSteps } from '../services/deadline-chase';
import { getSubmission } from '../services/submission-case';

/** The longest a report wait runs before this looks again (also under setTimeout's limit locally). */
export { MAX_WAIT_SECONDS } from '../core/case/decide-tracking';

export interface TrackResult extends TrackingWake {
  readonly sent: readonly string[];
}

/**
 * Runs between report waits: sends whatever reminder, follow-up or escalation has come due,
 * marks the case overdue at the deadline, and says when to look again. Each step is sent once
 * (notifyOnce keyed on the step) and recorded once (a conditional write), so a retried run or
 * a report arriving meanwhile never sends twice or chases a case that is done.
 */
export async function handler(event: unknown): Promise<TrackResult> {
  const input = parseInput(trackDeadlineInput, event, 'the TrackReportDeadline input');
  // `now` is `$$.State.EnteredTime`: the business clock, as Step Functions gives it.
  const now = new Date(input.now);
  if (Number.isNaN(now.getTime())) throw new Error('now must be an ISO 8601 instant');
  const record = await getSubmission(input);
  const sent = isChased(record) ? await chaseDueSteps(record, input.hospitalId, now) : [];
  // Read again only if this run wrote: the plan must count the steps it just recorded.
  const latest = sent.length > 0 ? ((await getCase(input.caseId)) ?? record) : record;
  const { wakeAt, waitSeconds } = nextWake(latest, now);
  logger.info('deadline tracked', { caseId: input.caseId, sent: sent.length, waitSeconds });
  return { wakeAt, waitSeconds, sent };
}
