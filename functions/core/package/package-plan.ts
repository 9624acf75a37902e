import type { CaseAggregate, CaseRecord, PackageFile } from '../case/record';
import { categoryLabel, type ManifestFile, type PackageCategory } from '../package-content';
import type { SummaryData } from '../summary-pdf';

/** The statuses before the package reaches the relay: only then is it (re)built. */
const PRE_DELIVERY = new Set<string>(['routing', 'awaiting-certified-translation']);

export interface BuiltPackage {
  readonly packageDigest: string;
  readonly fileCount: number;
}

/**
 * The package of this submission once it was built and delivered (an execution resumed after a
 * restart passes through BuildPackage again): the hospital holds it, so it is not built again
 * with a new timestamp. Undefined while it may still be (re)built.
 */
export function deliveredPackage(record: CaseRecord): BuiltPackage | undefined {
  if (!record.packageDigest || !record.packageFiles || PRE_DELIVERY.has(record.status)) return undefined;
  return { packageDigest: record.packageDigest, fileCount: record.packageFiles.length };
}

export interface PackagePlan {
  /** The translations the package carries: certified ones replace the machine draft of their document. */
  readonly translations: readonly PackageFile[];
  /** The records and translations, described once for both the summary's index and the manifest. */
  readonly contentFiles: readonly ManifestFile[];
  /** The summary PDF's document index: the same files, with bilingual category labels. */
  readonly summaryIndex: SummaryData['documents'];
  /** What the summary says about the translations, in English and Chinese. */
  readonly translationsNote: string;
}

const DISARMED_NOTE =
  'Active content was removed from this PDF (page content unchanged); the original upload is kept in quarantine.';

const WRAPPED_NOTE =
  'This DICOM data set arrived without the Part 10 preamble and file meta group; they were added so every viewer opens it (data set unchanged); the upload as it arrived is kept in quarantine.';

/** What goes into the package besides its summary and manifest, and how the summary describes it. */
export function planPackage(
  aggregate: CaseAggregate,
  machineTranslations: readonly PackageFile[],
): PackagePlan {
  const { record, documents } = aggregate;
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
    ...machineTranslations.filter(
      (file) => !certified.some((entry) => entry.sourceDocumentId === file.sourceDocumentId),
    ),
  ];
  const accepted = documents.filter((doc) => doc.status === 'accepted' && doc.sha256 && doc.recordsKey);
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
            disarmed: { removed: doc.disarmed.removed, original: doc.disarmed.original, note: DISARMED_NOTE },
          }
        : {}),
      ...(doc.wrapped ? { wrapped: { original: doc.wrapped.original, note: WRAPPED_NOTE } } : {}),
    })),
    ...translations.map((file) => ({
      fileId: file.fileId,
      fileName: file.fileName,
      category: file.translation === 'certified' ? 'certified-translation' : 'translation',
      size: file.size,
      sha256: file.sha256,
    })),
  ];
  const machineDrafts = translations.some((file) => file.translation === 'machine-draft');
  return {
    translations,
    contentFiles,
    summaryIndex: contentFiles.map((file) => ({
      fileName: file.fileName,
      category: categoryLabel(file.category as PackageCategory),
      size: file.size,
      sha256: file.sha256,
    })),
    translationsNote: translationsNote(certified.length, machineDrafts),
  };
}

function translationsNote(certified: number, machineDrafts: boolean): string {
  if (certified > 0) {
    return `${certified} document(s) have certified translations; other texts are ${machineDrafts ? 'machine drafts' : 'the original English'}. ${certified} 份文件附认证翻译；其余文本为${machineDrafts ? '机器翻译草稿' : '英文原文'}。`;
  }
  return machineDrafts
    ? 'Structured fields are translated with the oncology terminology; document texts are machine drafts, not certified translations. 结构化字段依据肿瘤学术语表翻译；文件文本为机器翻译草稿，非认证翻译。'
    : 'Structured fields are translated with the oncology terminology; free text is the original English, not machine-translated. 结构化字段依据肿瘤学术语表翻译；自由文本为英文原文，未经机器翻译。';
}

/** A stored package file as the manifest lists it. */
export const manifestEntry = (file: PackageFile): ManifestFile => ({
  fileId: file.fileId,
  fileName: file.fileName,
  category: file.category,
  size: file.size,
  sha256: file.sha256,
});
