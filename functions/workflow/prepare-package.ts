import { loadCase } from '../adapters/case-store';
import { StaleSubmissionError, type WorkflowInput } from './workflow-input';

/** The accepted documents whose text can be translated: PDFs with a text layer. */
export async function handler(input: WorkflowInput): Promise<{ documents: string[] }> {
  const aggregate = await loadCase(input.caseId);
  if (!aggregate || aggregate.record.submission !== input.submission) throw new StaleSubmissionError();
  return {
    documents: aggregate.documents
      .filter(
        (doc) =>
          doc.status === 'accepted' && doc.kind === 'pdf' && doc.pdf && !doc.pdf.scanned && doc.recordsKey,
      )
      .map((doc) => doc.documentId),
  };
}
