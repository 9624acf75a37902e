import { logger } from '../adapters/logger';
import { terminology } from '../adapters/terminology-files';
import { buildPackageInput } from '../core/inputs/workflow';
import {
  type BuiltPackage,
  deliveredPackage,
  manifestEntry,
  planPackage,
} from '../core/package/package-plan';
import { buildManifest, buildSummaryData } from '../core/package-content';
import { parseInput } from '../core/parse-input';
import { recordPackage, storeManifest, storeSummaryData, storeSummaryPdf } from '../services/package-files';
import { loadSubmission, routedHospital } from '../services/submission-case';
import { translateForPackage } from '../services/translation-outage';

/**
 * Builds the hospital's package for this submission: the bilingual summary PDF, the same
 * summary as JSON (`case-summary.json`, what the portal's page shows) and the manifest (every file with its SHA-256 and, for DICOM, its study and series), written to the
 * records bucket and recorded on the case. Both are dated with the step's business clock
 * (`now`); deterministic keys make a retry overwrite its own earlier attempt, never anything else.
 */
export async function handler(event: unknown): Promise<BuiltPackage> {
  const input = parseInput(buildPackageInput, event, 'the BuildPackage input');
  const aggregate = await loadSubmission(input);
  const hospital = await routedHospital(input.hospitalId);
  const { record } = aggregate;
  const delivered = deliveredPackage(record);
  if (delivered) return delivered;

  const plan = planPackage(aggregate, input.translations ?? []);
  const generatedAt = new Date(input.now).toISOString();
  const question = await translateForPackage(record.caseId, record.submission, record.question);
  const summary = buildSummaryData({
    aggregate,
    hospital,
    terms: terminology(),
    question: { original: question.original, translated: question.text, note: question.note },
    generatedAt,
    documents: plan.summaryIndex,
    translationsNote: plan.translationsNote,
  });
  // One object, two forms: the PDF and, for the portal's page, the data it was drawn from.
  const summaryFile = await storeSummaryPdf(record, summary);
  const summaryDataFile = await storeSummaryData(record, summary);
  const manifest = buildManifest(record.caseId, record.submission, generatedAt, [
    manifestEntry(summaryFile),
    manifestEntry(summaryDataFile),
    ...plan.contentFiles,
  ]);
  const manifestFile = await storeManifest(record, manifest);
  await recordPackage(record, [summaryFile, summaryDataFile, manifestFile, ...plan.translations], manifest);
  logger.info('package built', {
    caseId: record.caseId,
    submission: record.submission,
    files: manifest.files.length,
  });
  return { packageDigest: manifest.packageDigest, fileCount: manifest.files.length + 1 };
}
