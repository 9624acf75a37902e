import { readFileSync } from 'node:fs';
import { addTimelineEvent, claimOnce, loadCase, mutateCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import { logger } from '../adapters/logger';
import { putGenerated } from '../adapters/record-store';
import { assetPath } from '../adapters/settings';
import { terminology } from '../adapters/terminology-files';
import { translateFreeTextOrKeep } from '../adapters/translator';
import type { PackageFile } from '../core/case/record';
import { objectKeys } from '../core/object-keys';
import {
  buildManifest,
  buildSummaryData,
  categoryLabel,
  type ManifestFile,
  type PackageCategory,
} from '../core/package-content';
import { parseInput } from '../core/parse-input';
import { renderSummaryPdf } from '../core/summary-pdf';
import { reportTranslationOutage } from '../services/translation-outage';
import { buildPackageInput, StaleSubmissionError } from './workflow-input';

/** The statuses before the package reaches the relay: only then is it (re)built. */
const PRE_DELIVERY = new Set<string>(['routing', 'awaiting-certified-translation']);

let font: Buffer | undefined;
const summaryFont = () => {
  font ??= readFileSync(assetPath('summaryFont'));
  return font;
};

/**
 * Builds the hospital's package for this submission: the bilingual summary PDF and the
 * manifest (every file with its SHA-256 and, for DICOM, its study and series), written to the
 * records bucket and recorded on the case. Deterministic keys make a retry overwrite its own
 * earlier attempt, never anything else.
 */
export async function handler(event: unknown): Promise<{ packageDigest: string; fileCount: number }> {
  const input = parseInput(buildPackageInput, event, 'the BuildPackage input');
  const aggregate = await loadCase(input.caseId);
  if (!aggregate || aggregate.record.submission !== input.submission) throw new StaleSubmissionError();
  const hospital = await getHospital(input.hospitalId);
  if (!hospital) throw new Error('hospital missing from the directory');
  const { record, documents } = aggregate;
  // Built and delivered already (an execution resumed after a restart passes through): the
  // hospital holds this package, so it is not built again with a new timestamp.
  if (record.packageDigest && record.packageFiles && !PRE_DELIVERY.has(record.status)) {
    return { packageDigest: record.packageDigest, fileCount: record.packageFiles.length };
  }
  const accepted = documents.filter((doc) => doc.status === 'accepted' && doc.sha256 && doc.recordsKey);
  // Certified translations replace the machine draft of the same document.
  const certified: PackageFile[] = (record.certifiedTranslations ?? []).map((entry) => ({
    fileId: `ct_${entry.documentId.slice(4)}`,
    fileName: entry.fileName,
    category: 'translation',
    key: entry.key,
    size: entry.size,
    sha256: entry.sha256,
    sourceDocumentId: entry.documentId,
    translation: 'certified',
  }));
  const translations = [
    ...certified,
    ...(input.translations ?? []).filter(
      (file) => !certified.some((entry) => entry.sourceDocumentId === file.sourceDocumentId),
    ),
  ];
  const generatedAt = new Date().toISOString();

  const question = await translateFreeTextOrKeep(record.question);
  if (question.unavailable) await reportTranslationOutage(record.caseId, record.submission);
  const machineDrafts = translations.some((file) => file.translation === 'machine-draft');
  // The records and translations, described once for both the summary's index and the manifest.
  const contentFiles: ManifestFile[] = [
    ...accepted.map((doc) => ({
      fileId: doc.documentId,
      fileName: doc.fileName,
      category: doc.itemId,
      size: doc.size ?? 0,
      sha256: doc.sha256 ?? '',
      ...(doc.dicom
        ? {
            dicom: {
              studyInstanceUid: doc.dicom.studyInstanceUid,
              seriesInstanceUid: doc.dicom.seriesInstanceUid,
            },
          }
        : {}),
      ...(doc.disarmed
        ? {
            disarmed: {
              removed: doc.disarmed.removed,
              original: doc.disarmed.original,
              note: 'Active content was removed from this PDF (page content unchanged); the original upload is kept in quarantine.',
            },
          }
        : {}),
    })),
    ...translations.map((file) => ({
      fileId: file.fileId,
      fileName: file.fileName,
      category: file.translation === 'certified' ? 'certified-translation' : 'translation',
      size: file.size,
      sha256: file.sha256,
    })),
  ];
  const summary = buildSummaryData({
    aggregate,
    hospital,
    terms: terminology(),
    question: { original: question.original, translated: question.text, note: question.note },
    generatedAt,
    documents: contentFiles.map((file) => ({
      fileName: file.fileName,
      category: categoryLabel(file.category as PackageCategory),
      size: file.size,
      sha256: file.sha256,
    })),
    translationsNote: certified.length
      ? `${certified.length} document(s) have certified translations; other texts are ${machineDrafts ? 'machine drafts' : 'the original English'}. ${certified.length} 份文件附认证翻译；其余文本为${machineDrafts ? '机器翻译草稿' : '英文原文'}。`
      : machineDrafts
        ? 'Structured fields are translated with the oncology terminology; document texts are machine drafts, not certified translations. 结构化字段依据肿瘤学术语表翻译；文件文本为机器翻译草稿，非认证翻译。'
        : 'Structured fields are translated with the oncology terminology; free text is the original English, not machine-translated. 结构化字段依据肿瘤学术语表翻译；自由文本为英文原文，未经机器翻译。',
  });
  const { pdf } = await renderSummaryPdf(summary, summaryFont());
  const summaryKey = objectKeys.packageFile(record.caseId, record.submission, 'case-summary.pdf');
  const summaryFile: PackageFile = {
    fileId: 'summary',
    fileName: 'case-summary.pdf',
    category: 'summary',
    key: summaryKey,
    ...(await putGenerated('records', summaryKey, pdf, 'application/pdf')),
  };

  const manifestFiles: ManifestFile[] = [
    {
      fileId: summaryFile.fileId,
      fileName: summaryFile.fileName,
      category: 'summary',
      size: summaryFile.size,
      sha256: summaryFile.sha256,
    },
    ...contentFiles,
  ];
  const manifest = buildManifest(record.caseId, record.submission, generatedAt, manifestFiles);
  const manifestKey = objectKeys.packageFile(record.caseId, record.submission, 'manifest.json');
  const manifestFile: PackageFile = {
    fileId: 'manifest',
    fileName: 'manifest.json',
    category: 'manifest',
    key: manifestKey,
    ...(await putGenerated(
      'records',
      manifestKey,
      Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
      'application/json',
    )),
  };

  await mutateCase(record.caseId, (current) =>
    current.submission !== input.submission
      ? { result: false }
      : {
          changes: {
            set: {
              packageFiles: [summaryFile, manifestFile, ...translations],
              packageDigest: manifest.packageDigest,
            },
          },
          result: true,
        },
  );
  if (await claimOnce(record.caseId, `package:${record.submission}`)) {
    await addTimelineEvent(
      record.caseId,
      'package-built',
      `The bilingual package was built (${manifestFiles.length} files).`,
    );
  }
  logger.info('package built', {
    caseId: record.caseId,
    submission: record.submission,
    files: manifestFiles.length,
  });
  return { packageDigest: manifest.packageDigest, fileCount: manifestFiles.length + 1 };
}
