import { getCase, loadCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import type { CaseAggregate, CaseRecord } from '../core/case/record';
import type { Hospital } from '../core/hospital';
import { StaleSubmissionError, type WorkflowInput } from '../core/inputs/workflow';

/**
 * The case a workflow step acts for, with its documents. An execution of an earlier submission
 * (the case was submitted again since) must not act: StaleSubmission, which its Task does not retry.
 */
export async function loadSubmission(input: WorkflowInput): Promise<CaseAggregate> {
  const aggregate = await loadCase(input.caseId);
  if (!aggregate || aggregate.record.submission !== input.submission) throw new StaleSubmissionError();
  return aggregate;
}

/** As loadSubmission, the case record alone. */
export async function getSubmission(input: WorkflowInput): Promise<CaseRecord> {
  const record = await getCase(input.caseId);
  if (!record || record.submission !== input.submission) throw new StaleSubmissionError();
  return record;
}

/** The hospital the execution routes to: the package cannot be prepared or delivered without it. */
export async function routedHospital(hospitalId: string): Promise<Hospital> {
  const hospital = await getHospital(hospitalId);
  if (!hospital) throw new Error('hospital missing from the directory');
  return hospital;
}
