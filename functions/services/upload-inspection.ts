import { objectSize, readHead, readRange, sha256Of } from '../adapters/record-store';
import type { CaseRecord, DocumentRecord, ValidatedUpload } from '../core/case/record';
import type { DicomSummary } from '../core/dicom';
import { needsPart10Wrap } from '../core/dicom-part10';
import { DicomTailCheck } from '../core/dicom-tail-check';
import { discSummary, truncatedDiscReason } from '../core/disc-summary';
import { extractDiagnosis } from '../core/pathology';
import { readPdf } from '../core/pdf';
import { MAX_PDF_CHECK_BYTES } from '../core/pdf-active-content';
import { reportIdentityOf } from '../core/report-identity';
import {
  checksumRejection,
  type DisarmedCopy,
  readsDiagnosis,
  readsDiagnosisByOcr,
  rejectionFor,
  type UploadFindings,
  type UploadRejection,
  validatedUpload,
} from '../core/upload-intake';
import { validateUploadFromReads } from '../core/upload-validation';
import {
  type ArchiveSummary,
  checkArchive,
  EOCD_SEARCH_BYTES,
  locateCentralDirectory,
  parseCentralDirectory,
  readZip64Record,
  ZIP_LIMITS,
  ZipError,
} from '../core/zip-index';
import { ZipInflateCheck } from '../core/zip-inflate-check';
import { type DiscImaging, readDiscImaging } from './disc-imaging';
import { disarmPatientPdf, tooLargeToCheck } from './pdf-safety';
import { wrapRawDataSet } from './raw-dicom-wrap';
import { inspectPhoto, readByOcr, type ScanFindings } from './scanned-report-inspection';

export type Inspection =
  | { readonly accepted: true; readonly validated: ValidatedUpload }
  | ({ readonly accepted: false } & UploadRejection);

/** Thrown inside an inspection to end it with a rejection. */
class Rejected extends Error {
  constructor(readonly rejection: UploadRejection) {
    super(rejection.code);
  }
}

/** Runs a check on the file's bytes: the PDF or ZIP failure it throws rejects the upload. */
async function checked<T>(size: number, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw new Rejected(rejectionFor(error, size));
  }
}

/**
 * Checks an upload in the intake (quarantine) bucket, version `versionId`, from its real size
 * and a ranged read of its first bytes (PDFs, which must be opened to be checked, are read whole
 * up to 32 MB; a disc export is indexed from its end), then hashes it. The one write: a PDF with
 * active content gets its disarmed copy beside the original in quarantine.
 */
export async function inspectUpload(
  record: CaseRecord,
  document: DocumentRecord,
  versionId: string | undefined,
): Promise<Inspection> {
  try {
    return { accepted: true, validated: await inspect(record, document, versionId) };
  } catch (error) {
    if (error instanceof Rejected) return { accepted: false, ...error.rejection };
    throw error;
  }
}

async function inspect(record: CaseRecord, document: DocumentRecord, versionId: string | undefined) {
  const { intakeKey } = document;
  // The object itself is the truth: its real size, never the declared one.
  const size = (await objectSize('intake', intakeKey, versionId)) ?? 0;
  const read = async (length: number) =>
    size ? await readHead('intake', intakeKey, Math.min(size, length), versionId) : new Uint8Array();
  // The first 64 KB, and more only for a DICOM header that goes on (or a deflated data set).
  const verdict = await validateUploadFromReads({ record, document, size, read });
  if (!verdict.accepted) throw new Rejected({ code: verdict.code, reason: verdict.reason, facts: { size } });
  const pdf = verdict.kind === 'pdf' ? await inspectPdf(record, document, size, read) : {};
  const photo = verdict.image
    ? await inspectPhoto(record, document, {
        size,
        maxBytes: MAX_PDF_CHECK_BYTES,
        image: verdict.image,
        read,
      })
    : {};

  const archive =
    verdict.kind === 'zip' ? await checked(size, () => openArchive(intakeKey, size, versionId)) : undefined;
  if (archive && archive.imaging.truncated.length > 0) {
    throw new Rejected({
      code: 'dicom_truncated',
      reason: truncatedDiscReason(archive.imaging.truncated.length),
      facts: { size },
    });
  }
  const inflateCheck = archive?.inflateCheck;
  // A DICOM file longer than the reads: whether it ends where its data set does, as it streams.
  const tailCheck = verdict.dicom?.uncheckedTail
    ? new DicomTailCheck(verdict.dicom.uncheckedTail)
    : undefined;
  // Hash the quarantined bytes first: a mismatch with the uploader's hash rejects the file
  // before anything reaches the records bucket. The server-side copy is byte-exact. An
  // archive is inflated in the same read, judged by what its entries really inflate to.
  const hashed = await checked(size, async () => {
    const result = await sha256Of(
      'intake',
      intakeKey,
      versionId,
      inflateCheck || tailCheck
        ? async (chunk) => {
            tailCheck?.push(chunk);
            // The inflate check applies back-pressure: the next chunk waits for this one.
            await inflateCheck?.push(chunk);
          }
        : undefined,
    );
    await inflateCheck?.finish();
    tailCheck?.finish();
    return result;
  });
  const mismatch = checksumRejection(document, hashed);
  if (mismatch) throw new Rejected(mismatch);
  // A data set without the Part 10 preamble: its wrapped copy is what the records will hold.
  const wrapped =
    verdict.dicom && needsPart10Wrap(verdict.dicom)
      ? await wrapRawDataSet(document, versionId, verdict.dicom)
      : undefined;
  return validatedUpload({
    ...(wrapped ? { wrapped } : {}),
    kind: verdict.kind,
    hashed,
    ...pdf,
    ...photo,
    ...(verdict.dicom ? { dicom: withoutTail(verdict.dicom) } : {}),
    ...(verdict.image ? { image: verdict.image } : {}),
    ...(archive ? { archive: archive.summary, disc: discSummary(archive.imaging) } : {}),
  });
}

/** The tail to check is the stream's business, not the document's. */
function withoutTail(dicom: DicomSummary): DicomSummary {
  const { uncheckedTail: _checked, ...summary } = dicom;
  return summary;
}

/** Opens a PDF read whole: its summary, a pathology report's diagnosis, and its active content disarmed. */
async function inspectPdf(
  record: CaseRecord,
  document: DocumentRecord,
  size: number,
  read: (length: number) => Promise<Uint8Array>,
): Promise<Pick<UploadFindings, 'pdf' | 'diagnosis' | 'disarmed' | 'reportIdentity' | 'ocr'>> {
  // Unread is unchecked: a PDF too large to read whole is refused, not passed on.
  if (size > MAX_PDF_CHECK_BYTES) {
    throw new Rejected({ code: 'pdf_too_large_to_check', reason: tooLargeToCheck('PDF'), facts: { size } });
  }
  return checked(size, async () => {
    const bytes = await read(size);
    const { summary, text } = await readPdf(bytes);
    const reportIdentity = reportIdentityOf(text);
    const findings: ScanFindings = readsDiagnosis(document, summary)
      ? { diagnosis: extractDiagnosis(text, record.cancerType, document.documentId) }
      : readsDiagnosisByOcr(document, summary)
        ? await readByOcr(record, document, { kind: 'pdf', bytes })
        : {};
    const outcome = await disarmPatientPdf(document.caseId, document.documentId, bytes, text);
    if (outcome.kind === 'refused') {
      throw new Rejected({ code: outcome.code, reason: outcome.reason, facts: { size } });
    }
    const disarmed: DisarmedCopy | undefined = outcome.kind === 'disarmed' ? outcome : undefined;
    return {
      ...(reportIdentity ? { reportIdentity } : {}),
      ...findings,
      pdf: summary,
      ...(disarmed ? { disarmed } : {}),
    };
  });
}

/**
 * Indexes a disc export from its end with ranged reads (the EOCD record, then the directory),
 * and readies the check of what its entries really inflate to.
 */
async function openArchive(
  key: string,
  size: number,
  versionId?: string,
): Promise<{ summary: ArchiveSummary; inflateCheck: ZipInflateCheck; imaging: DiscImaging }> {
  const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES);
  const found = locateCentralDirectory(
    await readRange('intake', key, tailStart, size - tailStart, versionId),
    tailStart,
    size,
  );
  const location =
    found.kind === 'zip64'
      ? readZip64Record(await readRange('intake', key, found.recordOffset, 56, versionId), size)
      : found;
  if (location.size > ZIP_LIMITS.maxCentralDirectoryBytes) {
    throw new ZipError(
      'too_many_entries',
      'The ZIP file’s directory is larger than an imaging disc export’s.',
    );
  }
  const directory = await readRange('intake', key, location.offset, location.size, versionId);
  const entries = parseCentralDirectory(directory, location.entries);
  const summary = checkArchive(entries);
  // Every image's header from ranged reads of its entry: the disc is never unpacked.
  const imaging = await readDiscImaging(
    (offset, length) => readRange('intake', key, offset, length, versionId),
    entries,
    { archiveSize: size },
  );
  return { summary, inflateCheck: new ZipInflateCheck(entries, location.offset), imaging };
}
