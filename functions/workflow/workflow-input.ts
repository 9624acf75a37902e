import type { CallbackStage } from '../core/vocabulary';

/** The execution input the submit route starts the case workflow with. */
export interface WorkflowInput {
  readonly caseId: string;
  readonly submission: number;
  readonly hospitalId: string;
}

export interface CallbackInput extends WorkflowInput {
  readonly stage: CallbackStage;
  readonly taskToken?: string;
}

/** The case was submitted again since this execution started; it must not act. */
export class StaleSubmissionError extends Error {
  override name = 'StaleSubmission';
  constructor() {
    super('the execution belongs to an earlier submission');
  }
}
