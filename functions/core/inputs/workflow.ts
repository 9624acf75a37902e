import * as z from 'zod';
import { callbackStages } from '../vocabulary';

/**
 * What each workflow step is given, as statemachines/case-workflow.asl.json's Parameters build
 * it from the execution input the submit route starts the workflow with. Each step parses its
 * input with one of these at entry (`parseInput`), so a malformed one fails the task, naming the path.
 */
export const workflowInput = z.object({
  caseId: z.string().regex(/^case_[A-Za-z0-9]+$/),
  submission: z.number().int().positive(),
  hospitalId: z.string().min(1),
});
export type WorkflowInput = z.output<typeof workflowInput>;

/** The escalation steps: which wait ran out. */
export const callbackInput = workflowInput.extend({
  stage: z.enum(callbackStages),
  taskToken: z.string().min(1).optional(),
});
export type CallbackInput = z.output<typeof callbackInput>;

/** The `.waitForTaskToken` steps: the token Step Functions issued for this wait. */
export const awaitCallbackInput = callbackInput.extend({ taskToken: z.string().min(1) });

/**
 * Steps that stamp the case or the package (BuildPackage, DeliverPackage, TrackReportDeadline,
 * DeliverReport): `now` is `$$.State.EnteredTime`, the business clock.
 */
export const timedWorkflowInput = workflowInput.extend({ now: z.iso.datetime({ offset: true }) });
export type TimedWorkflowInput = z.output<typeof timedWorkflowInput>;
export const trackDeadlineInput = timedWorkflowInput;

/** One iteration of TranslateDocuments: the document the Map item names. */
export const translateDocumentInput = workflowInput.extend({ documentId: z.string().min(1) });

/** A package file as TranslateDocument returns it (core/case/record.ts `PackageFile`). */
const packageFile = z.object({
  fileId: z.string().min(1),
  fileName: z.string().min(1),
  category: z.enum(['summary', 'manifest', 'translation']),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  key: z.string().min(1),
  sourceDocumentId: z.string().optional(),
  translation: z.enum(['machine-draft', 'untranslated', 'certified']).optional(),
});

/** BuildPackage: the machine translations TranslateDocuments produced; `now` dates the package. */
export const buildPackageInput = timedWorkflowInput.extend({ translations: z.array(packageFile).optional() });

/** The case was submitted again since this execution started; it must not act. */
export class StaleSubmissionError extends Error {
  override name = 'StaleSubmission';
  constructor() {
    super('the execution belongs to an earlier submission');
  }
}
