import { workflowInput } from '../core/inputs/workflow';
import { certifiedTranslationRequired } from '../core/package-content';
import { parseInput } from '../core/parse-input';
import { loadSubmission, routedHospital } from '../services/submission-case';

/**
 * What the package needs: the accepted documents whose text can be translated (PDFs with a
 * text layer), and those the hospital wants in certified translation before delivery.
 */
export async function handler(
  event: unknown,
): Promise<{ documents: string[]; certifiedRequired: string[]; needsCertified: boolean }> {
  const input = parseInput(workflowInput, event, 'the PreparePackage input');
  const aggregate = await loadSubmission(input);
  const hospital = await routedHospital(input.hospitalId);
  const certifiedRequired = certifiedTranslationRequired(hospital, aggregate.documents);
  return {
    certifiedRequired,
    needsCertified: certifiedRequired.length > 0,
    documents: aggregate.documents
      .filter(
        (doc) =>
          doc.status === 'accepted' && doc.kind === 'pdf' && doc.pdf && !doc.pdf.scanned && doc.recordsKey,
      )
      .map((doc) => doc.documentId),
  };
}
