import { logger } from '../adapters/logger';
import { awaitCallbackInput } from '../core/inputs/workflow';
import { parseInput } from '../core/parse-input';
import { registerTaskToken } from '../services/workflow-callbacks';

/**
 * Invoked by a `.waitForTaskToken` state: stores the token on the case so that the API route
 * that ends this wait (receipt, report, summary) can complete it.
 */
export async function handler(event: unknown): Promise<{ status: string }> {
  const input = parseInput(awaitCallbackInput, event, 'the callback step input');
  if (!input.taskToken) throw new Error('task token missing from the payload');
  const status = await registerTaskToken(input.caseId, input.submission, input.stage, input.taskToken);
  logger.info('workflow waiting', { caseId: input.caseId, stage: input.stage, status });
  return { status };
}
