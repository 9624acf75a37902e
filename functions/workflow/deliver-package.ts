import { logger } from '../adapters/logger';
import { timedWorkflowInput } from '../core/inputs/workflow';
import { planRelay, priorDelivery } from '../core/package/relay-delivery';
import { parseInput } from '../core/parse-input';
import { copyToRelay, recordDelivery, tellHospitalDelivered } from '../services/relay-delivery';
import { loadSubmission, routedHospital } from '../services/submission-case';

/**
 * Copies the accepted records to the relay bucket under the hospital's prefix (server-side),
 * marks the case delivered and tells the hospital. Safe to retry: copies go to fixed keys,
 * the state change is conditional and the notification is sent once.
 */
export async function handler(event: unknown): Promise<{ fileCount: number }> {
  const input = parseInput(timedWorkflowInput, event, 'the DeliverPackage input');
  const aggregate = await loadSubmission(input);
  const hospital = await routedHospital(input.hospitalId);
  // Delivered already (an execution resumed after a restart passes through): not copied again.
  const prior = priorDelivery(aggregate.record, input.hospitalId);
  if (prior) {
    if (prior.tellHospital) await tellHospitalDelivered(input, hospital, prior.fileCount);
    return { fileCount: prior.fileCount };
  }
  const plan = planRelay(aggregate);
  const files = await copyToRelay(input, plan.files);
  await recordDelivery(input, hospital, files, new Date(input.now).toISOString(), plan.series);
  await tellHospitalDelivered(input, hospital, files.length);
  logger.info('package delivered', {
    caseId: input.caseId,
    submission: input.submission,
    fileCount: files.length,
  });
  return { fileCount: files.length };
}
