import { readFileSync } from 'node:fs';
import { addTimelineEvent, claimOnce, mutateCase } from '../adapters/case-store';
import { putGenerated } from '../adapters/record-store';
import { assetPath } from '../adapters/settings';
import type { CaseRecord, PackageFile } from '../core/case/record';
import { objectKeys } from '../core/object-keys';
import type { Manifest } from '../core/package-content';
import { renderSummaryPdf, type SummaryData } from '../core/summary-pdf';

type Submission = Pick<CaseRecord, 'caseId' | 'submission'>;

let font: Buffer | undefined;
const summaryFont = () => {
  font ??= readFileSync(assetPath('summaryFont'));
  return font;
};

/**
 * Writes one of the package's own files to the records bucket. Deterministic keys (case,
 * submission, file name) make a retry overwrite its own earlier attempt, never anything else.
 */
async function storePackageFile(
  submission: Submission,
  file: Pick<PackageFile, 'fileId' | 'fileName' | 'category'>,
  body: Buffer,
  contentType: string,
): Promise<PackageFile> {
  const key = objectKeys.packageFile(submission.caseId, submission.submission, file.fileName);
  return { ...file, key, ...(await putGenerated('records', key, body, contentType)) };
}

/** The bilingual summary, rendered to PDF with the CJK font and stored. */
export async function storeSummaryPdf(submission: Submission, summary: SummaryData): Promise<PackageFile> {
  const { pdf } = await renderSummaryPdf(summary, summaryFont());
  const file = { fileId: 'summary', fileName: 'case-summary.pdf', category: 'summary' } as const;
  return storePackageFile(submission, file, pdf, 'application/pdf');
}

/**
 * The same summary as data: the very SummaryData object the PDF is drawn from, as JSON, so the
 * portal shows the summary as a page from the relay's presigned URL (no record bytes through Lambda).
 */
export function storeSummaryData(submission: Submission, summary: SummaryData): Promise<PackageFile> {
  const file = { fileId: 'summary-data', fileName: 'case-summary.json', category: 'summary-data' } as const;
  const body = Buffer.from(`${JSON.stringify(summary, null, 2)}\n`);
  return storePackageFile(submission, file, body, 'application/json');
}

/** The manifest (every file with its SHA-256, and the package digest), stored as JSON. */
export function storeManifest(submission: Submission, manifest: Manifest): Promise<PackageFile> {
  const file = { fileId: 'manifest', fileName: 'manifest.json', category: 'manifest' } as const;
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  return storePackageFile(submission, file, body, 'application/json');
}

/**
 * Records the built package on the case (unless the case was submitted again meanwhile), and
 * in its timeline once per submission.
 */
export async function recordPackage(
  submission: Submission,
  files: readonly PackageFile[],
  manifest: Manifest,
): Promise<void> {
  await mutateCase(submission.caseId, (current) =>
    current.submission !== submission.submission
      ? { result: false }
      : { changes: { set: { packageFiles: files, packageDigest: manifest.packageDigest } }, result: true },
  );
  if (await claimOnce(submission.caseId, `package:${submission.submission}`)) {
    await addTimelineEvent(
      submission.caseId,
      'package-built',
      `The bilingual package was built (${manifest.files.length} files).`,
    );
  }
}
