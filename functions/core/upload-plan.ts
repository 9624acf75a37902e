import type { DocumentRecord } from './case/record';
import type { ItemId } from './vocabulary';

/** A single presigned PUT up to this size; multipart above it. */
export const MAX_SINGLE_PUT_BYTES = 100 * 1024 * 1024;
/** The largest file a patient may send (one DICOM study export or disc image). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024 * 1024;
const MIN_PART_BYTES = 16 * 1024 * 1024;
const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

/** How many documents an item may hold (a CT study is hundreds of DICOM instances). */
export const MAX_DOCUMENTS_PER_ITEM: Record<ItemId, number> = {
  'pathology-report': 20,
  imaging: 5_000,
  'treatment-history': 0,
  'tumor-markers': 20,
};
/** Everything a case may hold, so one case cannot exhaust storage. */
export const MAX_CASE_BYTES = 50 * 1024 * 1024 * 1024;

export type UploadPlan =
  | { readonly method: 'PUT' }
  | { readonly method: 'MULTIPART'; readonly partSize: number; readonly partCount: number };

/** Parts of at least 16 MiB, whole MiB, at most 10,000 of them (S3's limit). */
export function planUpload(size: number): UploadPlan {
  if (size <= MAX_SINGLE_PUT_BYTES) return { method: 'PUT' };
  const partSize = Math.max(MIN_PART_BYTES, Math.ceil(size / MAX_PARTS / MIB) * MIB);
  return { method: 'MULTIPART', partSize, partCount: Math.ceil(size / partSize) };
}

/** The exact size of a part: every part is full except possibly the last. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  const start = (partNumber - 1) * partSize;
  return Math.min(partSize, size - start);
}

/** Documents that count against limits: everything not cancelled or rejected. */
export function countsAgainstLimits(document: DocumentRecord): boolean {
  return document.status !== 'rejected' && document.status !== 'cancelled';
}
