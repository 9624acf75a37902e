import type { Hospital } from '../hospital';
import { certifiedTranslationRequired } from '../package-content';
import type { CaseRecord, CertifiedTranslation, CertifiedUploadRecord, DocumentRecord } from './record';

/**
 * A certified translation whose PDF was checked: it replaces any earlier one of the same
 * document; the wait ends once every document the hospital named has one.
 */
export function decideCertifiedTranslation(
  record: CaseRecord,
  documents: readonly DocumentRecord[],
  hospital: Pick<Hospital, 'requiresCertifiedTranslation' | 'certifiedTranslationOf'>,
  upload: CertifiedUploadRecord,
  file: { readonly size: number; readonly sha256: string; readonly now: Date },
) {
  const translation: CertifiedTranslation = {
    documentId: upload.documentId,
    uploadId: upload.uploadId,
    fileName: upload.fileName,
    key: upload.key,
    size: file.size,
    sha256: file.sha256,
    at: file.now.toISOString(),
  };
  const others = (record.certifiedTranslations ?? []).filter(
    (entry) => entry.documentId !== upload.documentId,
  );
  const certifiedTranslations = [...others, translation];
  const missing = certifiedTranslationRequired(hospital, documents).filter(
    (documentId) => !certifiedTranslations.some((entry) => entry.documentId === documentId),
  );
  return {
    missing,
    completion: {
      from: ['awaiting-certified-translation'] as const,
      to: missing.length === 0 ? ('routing' as const) : ('awaiting-certified-translation' as const),
      set: () => ({ certifiedTranslations }),
      output: () => ({ certified: certifiedTranslations.length }),
      timeline: {
        type: 'certified-translation-added',
        detail: `A certified translation was added${missing.length ? `; ${missing.length} more needed` : '; all are in place'}.`,
      },
      conflictMessage: 'This case is not waiting for certified translations.',
      // Only the last translation ends the wait.
      complete: missing.length === 0,
    },
  };
}
