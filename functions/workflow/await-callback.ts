import { logger } from '../adapters/logger';
import { registerTaskToken } from '../services/workflow-callbacks';
import type { CallbackInput } from './workflow-input';

/**
 * Invoked by a `.waitForTaskToken` state: stores the token on the case so that the API route
 * that ends this wait (receipt, report, summary) can complete it.
 */
export async function handler(input: CallbackInput): Promise<{ status: string }> {
  if (!input.taskToken) throw new Error('task token missing from the payload');
  const status = await registerTaskToken(input.caseId, input.submission, input.stage, input.taskToken);
  logger.info('workflow waiting', { caseId: input.caseId, stage: input.stage, status });
  return { status };
}
