import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CaseRecord, DocumentRecord } from '../../functions/core/case/record';
import { DicomError } from '../../functions/core/dicom';
import { DicomTailCheck } from '../../functions/core/dicom-tail-check';
import { type UploadVerdict, validateUploadFromReads } from '../../functions/core/upload-validation';
import { corpusDir, type ReferencedEntry, readCorpus } from '../corpus-reference';

/**
 * The real-DICOM corpus (test/fixtures/dicom-corpus) judged by the upload validation exactly as
 * the upload processor judges an upload, and compared with the reference verdicts dcmtk gives
 * (scripts/corpus-reference.ts). Used by test/unit/core/dicom-corpus.test.ts and by the bench.
 */

/** What a refusal's reason must say for each expected code: the true reason, in plain words. */
export const reasonSays: Record<string, RegExp> = {
  dicom_truncated: /truncated/i,
  dicom_dicomdir_only: /DICOMDIR/,
  dicom_missing_identifiers: /identifier/i,
  unknown_type: /not a/i,
};

/** The chunk size the hash pass streams a file in (any size works; small ones test chunk edges). */
const STREAM_CHUNK_BYTES = 64 * 1024;

/**
 * Runs the validation on a corpus file the way the upload processor does: validateUploadFromReads
 * with ranged reads of the file's first bytes, then, for a DICOM file whose end lies past those
 * reads (DicomSummary.uncheckedTail, files over 1 MB), the DicomTailCheck that runs while the
 * whole file streams through the SHA-256 pass. Also returns the bytes the ranged reads took (the
 * largest read: each starts at byte 0) and whether the streamed check ran.
 */
export async function validateCorpusFile(
  bytes: Uint8Array,
): Promise<{ verdict: UploadVerdict; bytesRead: number; streamed: boolean }> {
  const size = bytes.length;
  const record = { cancerType: 'breast' } as CaseRecord;
  const document = {
    itemId: 'imaging',
    contentType: 'application/dicom',
    declaredSize: size,
  } as DocumentRecord;
  let bytesRead = 0;
  const read = async (length: number) => {
    bytesRead = Math.max(bytesRead, Math.min(size, length));
    return bytes.subarray(0, Math.min(size, length));
  };
  const verdict = await validateUploadFromReads({ record, document, size, read });
  const tail = verdict.accepted ? verdict.dicom?.uncheckedTail : undefined;
  if (!tail) return { verdict, bytesRead, streamed: false };
  const check = new DicomTailCheck(tail);
  try {
    for (let at = 0; at < size; at += STREAM_CHUNK_BYTES)
      check.push(bytes.subarray(at, at + STREAM_CHUNK_BYTES));
    check.finish();
  } catch (error) {
    if (!(error instanceof DicomError)) throw error;
    return {
      verdict: { accepted: false, code: `dicom_${error.problem}`, reason: error.message },
      bytesRead,
      streamed: true,
    };
  }
  return { verdict, bytesRead, streamed: true };
}

/** One file's verdict: ours next to the expected one, and whether they agree. */
export interface CorpusRow {
  readonly file: string;
  readonly expected: string;
  readonly got: string;
  readonly right: boolean;
  /** Why they differ, when they do (never the file's content beyond its UIDs). */
  readonly problem?: string;
}

const describe = (verdict: UploadVerdict) => (verdict.accepted ? 'accepted' : `rejected ${verdict.code}`);

export function judge(entry: ReferencedEntry, verdict: UploadVerdict): CorpusRow {
  const { expected, reference } = entry;
  const expectedText = expected.code ? `${expected.verdict} ${expected.code}` : expected.verdict;
  const row = { file: entry.file, expected: expectedText, got: describe(verdict) };
  if (expected.verdict === 'accepted') {
    if (!verdict.accepted) return { ...row, right: false, problem: verdict.reason };
    const uids = verdict.dicom && {
      studyInstanceUid: verdict.dicom.studyInstanceUid,
      seriesInstanceUid: verdict.dicom.seriesInstanceUid,
      sopInstanceUid: verdict.dicom.sopInstanceUid,
    };
    const wrong = (['studyInstanceUid', 'seriesInstanceUid', 'sopInstanceUid'] as const).filter(
      (key) => uids?.[key] !== reference[key],
    );
    if (wrong.length) {
      return { ...row, right: false, problem: `${wrong.join(', ')} differ from dcmdump's` };
    }
    return { ...row, right: true };
  }
  if (verdict.accepted) return { ...row, right: false, problem: 'accepted' };
  if (verdict.code !== expected.code) return { ...row, right: false, problem: verdict.reason };
  const pattern = expected.code ? reasonSays[expected.code] : undefined;
  if (pattern && !pattern.test(verdict.reason)) {
    return { ...row, right: false, problem: `reason does not say ${pattern}: ${verdict.reason}` };
  }
  return { ...row, right: true };
}

/** A row of the bench: the verdict, and how many of the file's bytes the validation read. */
export interface MeasuredRow extends CorpusRow {
  readonly bytesRead: number;
  readonly size: number;
  /** Whether the check while the whole file streams (the hash pass) was needed. */
  readonly streamed: boolean;
}

export async function measureCorpus(): Promise<{ right: number; total: number; rows: MeasuredRow[] }> {
  const rows: MeasuredRow[] = [];
  for (const entry of await readCorpus()) {
    const bytes = new Uint8Array(await readFile(join(corpusDir, entry.file)));
    const { verdict, bytesRead, streamed } = await validateCorpusFile(bytes);
    rows.push({ ...judge(entry, verdict), bytesRead, size: bytes.length, streamed });
  }
  return { right: rows.filter((row) => row.right).length, total: rows.length, rows };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { right, total, rows } = await measureCorpus();
  const width = (key: keyof MeasuredRow) =>
    Math.max(key.length, ...rows.map((row) => String(row[key] ?? '').length));
  console.log(
    `| ${'file'.padEnd(width('file'))} | ${'expected'.padEnd(width('expected'))} | ${'got'.padEnd(width('got'))} | ${'bytesRead'.padStart(width('bytesRead'))} | ${'size'.padStart(width('size'))} | ${'streamed'.padEnd(width('streamed'))} | problem |`,
  );
  for (const row of rows) {
    console.log(
      `| ${row.file.padEnd(width('file'))} | ${row.expected.padEnd(width('expected'))} | ${row.got.padEnd(width('got'))} | ${String(row.bytesRead).padStart(width('bytesRead'))} | ${String(row.size).padStart(width('size'))} | ${(row.streamed ? 'yes' : '').padEnd(width('streamed'))} | ${row.right ? '' : (row.problem ?? '')} |`,
    );
  }
  const read = rows.reduce((sum, row) => sum + row.bytesRead, 0);
  const bytes = rows.reduce((sum, row) => sum + row.size, 0);
  console.log(`dicom-corpus verdicts right: ${right} / ${total}; bytes read ${read} of ${bytes}`);
}
