import { logger } from '../adapters/logger';
import { ConfigurationError } from '../adapters/settings';
import type { CaseRecord, DocumentRecord, OcrOutcome, ReportIdentity } from '../core/case/record';
import type { ImageSummary } from '../core/image-header';
import { type Diagnosis, extractDiagnosis } from '../core/pathology';
import { reportIdentityOf } from '../core/report-identity';
import { readsDiagnosisByOcr } from '../core/upload-intake';
import { readScannedReport, type ScannedSource } from './report-ocr';

export interface ScanFindings {
  readonly diagnosis?: Diagnosis;
  readonly reportIdentity?: ReportIdentity;
  readonly ocr?: OcrOutcome;
}

/**
 * A scan or photo of the pathology report read by OCR: its diagnosis, marked as read by OCR
 * with the confidence, who it names, and how well it could be read (a problem becomes an
 * advisory gap asking for a clearer copy). A failure to read is no reason to refuse the file:
 * it is accepted without a diagnosis (the coordinator enters it); only a deployment fault (the
 * engine's setting) is thrown, for the event's retry.
 */
export async function readByOcr(
  record: CaseRecord,
  document: DocumentRecord,
  source: ScannedSource,
): Promise<ScanFindings> {
  try {
    const report = await readScannedReport(source);
    logger.info('scanned report read', {
      documentId: document.documentId,
      read: report.read,
      ...(report.read ? { confidence: report.confidence } : { problem: report.problem }),
      pages: report.pages,
      ms: report.ms,
    });
    if (!report.read) return { ocr: { pages: report.pages, problem: report.problem } };
    const reportIdentity = reportIdentityOf(report.text);
    return {
      diagnosis: extractDiagnosis(report.text, record.cancerType, document.documentId, report.confidence),
      ...(reportIdentity ? { reportIdentity } : {}),
      ocr: { pages: report.pages, confidence: report.confidence },
    };
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    logger.warn('scanned report could not be read by OCR', {
      documentId: document.documentId,
      error: (error as { name?: string } | null)?.name ?? 'unknown',
    });
    return {};
  }
}

/** A photo (JPEG/PNG) of the pathology report, read whole (up to `maxBytes`) by OCR. */
export async function inspectPhoto(
  record: CaseRecord,
  document: DocumentRecord,
  photo: {
    size: number;
    maxBytes: number;
    image: ImageSummary;
    read: (length: number) => Promise<Uint8Array>;
  },
): Promise<ScanFindings> {
  if (!readsDiagnosisByOcr(document) || photo.size > photo.maxBytes) return {};
  return readByOcr(record, document, {
    kind: 'photo',
    bytes: await photo.read(photo.size),
    image: photo.image,
  });
}
