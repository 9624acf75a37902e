import { presignUpload } from '../adapters/record-store';
import type { BucketName } from '../contract';
import type { Actor } from '../core/actor';
import { newId } from '../core/ids';
import { auditAction } from './case-access';

/** What every pending PDF upload records about itself, whoever hands it in. */
export interface PendingPdfUpload {
  readonly caseId: string;
  readonly uploadId: string;
  readonly fileName: string;
  readonly declaredSize: number;
  /** Where the PUT lands. */
  readonly key: string;
  readonly createdAt: string;
}

/**
 * The link for a PDF handed in once the case allows it (a coordinator's certified translation,
 * a hospital's report or addendum): a fresh upload id and key, the pending upload saved before
 * the link exists (completing it finds it by id), one presigned PUT with the declared type and
 * size signed, and the issuing audited.
 */
export async function issuePdfUpload(request: {
  readonly caseId: string;
  readonly actor: Actor;
  /** The audit action, e.g. `relay.report-upload-url`. */
  readonly action: string;
  readonly idPrefix: string;
  readonly bucket: BucketName;
  readonly keyFor: (uploadId: string) => string;
  readonly file: { readonly fileName: string; readonly contentType: string; readonly size: number };
  /** The business clock of the request. */
  readonly at: Date;
  /** Saves the pending upload with what only this kind of upload records. */
  readonly save: (pending: PendingPdfUpload) => Promise<void>;
}) {
  const { caseId, file } = request;
  const uploadId = newId(request.idPrefix);
  const key = request.keyFor(uploadId);
  await request.save({
    caseId,
    uploadId,
    fileName: file.fileName,
    declaredSize: file.size,
    key,
    createdAt: request.at.toISOString(),
  });
  const upload = await presignUpload(request.bucket, key, file.contentType, file.size);
  await auditAction(caseId, request.actor, request.action, uploadId);
  return { uploadId, ...upload };
}
