import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sfn } from './aws-clients';
import { logger } from './logger';
import { workflowArn } from './settings';

/**
 * Starts the case workflow under a deterministic name. Step Functions refuses a second
 * execution of the same name, which is what makes a repeated submit harmless.
 */
export async function startCaseExecution(
  name: string,
  input: Record<string, unknown>,
): Promise<{ started: boolean }> {
  try {
    await sfn().send(
      new StartExecutionCommand({ stateMachineArn: workflowArn(), name, input: JSON.stringify(input) }),
    );
    return { started: true };
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return { started: false };
    throw error;
  }
}

/**
 * Completes a workflow wait. Returns false when the token is no longer waiting (already
 * completed by the other side of the race, or timed out), which callers treat as done.
 */
export async function completeTask(taskToken: string, output: Record<string, unknown>): Promise<boolean> {
  try {
    await sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return true;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TaskTimedOut' || name === 'InvalidToken' || name === 'TaskDoesNotExist') {
      logger.info('workflow task already closed', { errorName: name });
      return false;
    }
    throw error;
  }
}

/**
 * Ends a workflow wait with a named error its Catch routes on (e.g. `DeadlineChanged`, which
 * sends the report wait back to plan its reminders again). A closed token is not an error.
 */
export async function failTask(taskToken: string, error: string, cause: string): Promise<boolean> {
  try {
    await sfn().send(new SendTaskFailureCommand({ taskToken, error, cause }));
    return true;
  } catch (failure) {
    const name = (failure as { name?: string }).name;
    if (name === 'TaskTimedOut' || name === 'InvalidToken' || name === 'TaskDoesNotExist') return false;
    throw failure;
  }
}

/** The ARN of one execution of the case workflow, from the state machine's ARN and its name. */
export function executionArn(name: string): string {
  return `${workflowArn().replace(':stateMachine:', ':execution:')}:${name}`;
}

/** Stops an execution; one that finished or never started is not an error. */
export async function stopCaseExecution(name: string, cause: string): Promise<boolean> {
  try {
    await sfn().send(
      new StopExecutionCommand({ executionArn: executionArn(name), error: 'CaseCancelled', cause }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return false;
    throw error;
  }
}
