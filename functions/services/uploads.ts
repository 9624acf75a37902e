import { getDocument, loadCase, putDocument, transitionDocument } from '../adapters/case-store';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listUploadedParts,
  presignParts,
  presignUpload,
} from '../adapters/record-store';
import type { Actor } from '../core/actor';
import type { DocumentRecord } from '../core/case/record';
import { acceptedContentTypes, checklistItem } from '../core/checklist';
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { objectKeys } from '../core/object-keys';
import type { UploadRequest } from '../core/schemas';
import {
  countsAgainstLimits,
  MAX_CASE_BYTES,
  MAX_DOCUMENTS_PER_ITEM,
  MAX_FILE_BYTES,
  partLength,
  planUpload,
} from '../core/upload-plan';
import { auditAction } from './case-access';

const invalid = (path: string, message: string, extra: Record<string, unknown> = {}) =>
  new ValidationError('The request body is not valid.', [{ path, message, ...extra }]);

/**
 * Issues the link(s) for one new document: a presigned PUT up to 100 MB, presigned multipart
 * parts above it. Every upload gets its own key, so nothing can overwrite an earlier file.
 */
export async function startUpload(
  caseId: string,
  uploadedBy: 'patient' | 'coordinator',
  actor: Actor,
  request: UploadRequest,
  /** The business clock of the request. */
  at: Date,
) {
  const aggregate = await loadCase(caseId);
  if (!aggregate) throw new NotFoundError('No such case.');
  const { record, documents } = aggregate;
  if (record.status !== 'collecting') {
    throw new ConflictError(
      'case_submitted',
      'Records can no longer be added: the case was already submitted.',
    );
  }
  const item = checklistItem(record.cancerType, request.itemId);
  if (item.accepts.length === 0) {
    throw invalid('itemId', 'This item is entered in the form, not uploaded as a file.');
  }
  const accepted = acceptedContentTypes(item);
  if (!accepted.includes(request.contentType)) {
    throw invalid('contentType', `This item accepts ${accepted.join(', ')}.`, { accepted });
  }
  if (request.size > MAX_FILE_BYTES)
    throw new PayloadTooLargeError(`Files are limited to ${MAX_FILE_BYTES} bytes.`);
  const live = documents.filter(countsAgainstLimits);
  if (live.filter((doc) => doc.itemId === request.itemId).length >= MAX_DOCUMENTS_PER_ITEM[request.itemId]) {
    throw new ConflictError(
      'limit_reached',
      `This item already holds the most files it may hold (${MAX_DOCUMENTS_PER_ITEM[request.itemId]}).`,
    );
  }
  const caseBytes = live.reduce((total, doc) => total + (doc.size ?? doc.declaredSize), 0);
  if (caseBytes + request.size > MAX_CASE_BYTES) {
    throw new ConflictError('limit_reached', 'This case already holds as much data as a case may hold.');
  }

  const documentId = newId('doc');
  const intakeKey = objectKeys.intakeDocument(caseId, documentId);
  const plan = planUpload(request.size);
  const now = at.toISOString();
  const document: DocumentRecord = {
    caseId,
    documentId,
    itemId: request.itemId,
    fileName: request.fileName,
    contentType: request.contentType,
    declaredSize: request.size,
    status: 'uploading',
    intakeKey,
    uploadedBy,
    ...(request.sha256 ? { clientSha256: request.sha256 } : {}),
    createdAt: now,
    updatedAt: now,
  };
  if (plan.method === 'PUT') {
    await putDocument(document);
    const upload = await presignUpload('intake', intakeKey, request.contentType, request.size);
    await auditAction(caseId, actor, 'document.upload-url', documentId);
    return { uploadId: documentId, documentId, ...upload };
  }
  const s3UploadId = await createMultipartUpload('intake', intakeKey, request.contentType);
  await putDocument({
    ...document,
    multipart: { s3UploadId, partSize: plan.partSize, partCount: plan.partCount },
  });
  const all = Array.from({ length: plan.partCount }, (_, index) => index + 1);
  const signed = await presignParts(
    'intake',
    intakeKey,
    s3UploadId,
    all.map((partNumber) => ({ partNumber, size: partLength(request.size, plan.partSize, partNumber) })),
  );
  await auditAction(caseId, actor, 'document.upload-url', documentId);
  return {
    uploadId: documentId,
    documentId,
    method: 'MULTIPART' as const,
    partSize: plan.partSize,
    ...signed,
  };
}

async function multipartDocument(caseId: string, documentId: string) {
  const document = await getDocument(caseId, documentId);
  if (!document) throw new NotFoundError('No such upload.');
  if (!document.multipart)
    throw new ConflictError('not_multipart', 'This upload is a single PUT, not a multipart upload.');
  return document as DocumentRecord & { multipart: NonNullable<DocumentRecord['multipart']> };
}

const requireUploading = (document: DocumentRecord) => {
  if (document.status !== 'uploading') {
    throw new ConflictError('upload_closed', `This upload is already ${document.status}.`);
  }
};

/** Signs parts again, e.g. to resume after the first URLs expired. */
export async function resignParts(
  caseId: string,
  documentId: string,
  partNumbers: readonly number[],
  actor: Actor,
) {
  const document = await multipartDocument(caseId, documentId);
  requireUploading(document);
  const { partCount, partSize, s3UploadId } = document.multipart;
  const unique = [...new Set(partNumbers)].sort((a, b) => a - b);
  const outside = unique.find((partNumber) => partNumber > partCount);
  if (outside !== undefined)
    throw invalid('partNumbers', `This upload has ${partCount} parts; there is no part ${outside}.`);
  const signed = await presignParts(
    'intake',
    document.intakeKey,
    s3UploadId,
    unique.map((partNumber) => ({
      partNumber,
      size: partLength(document.declaredSize, partSize, partNumber),
    })),
  );
  await auditAction(caseId, actor, 'document.upload-url', documentId);
  return signed;
}

/** The parts storage already holds, so an interrupted upload resumes where it stopped. */
export async function uploadedParts(caseId: string, documentId: string) {
  const document = await multipartDocument(caseId, documentId);
  requireUploading(document);
  const parts = await listUploadedParts('intake', document.intakeKey, document.multipart.s3UploadId);
  return { partSize: document.multipart.partSize, partCount: document.multipart.partCount, parts };
}

export async function completeUpload(
  caseId: string,
  documentId: string,
  parts: readonly { partNumber: number; etag: string }[],
  actor: Actor,
) {
  const document = await multipartDocument(caseId, documentId);
  if (document.status !== 'uploading') return { documentId, status: document.status };
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const expected = Array.from({ length: document.multipart.partCount }, (_, index) => index + 1);
  if (
    sorted.length !== expected.length ||
    sorted.some((part, index) => part.partNumber !== expected[index])
  ) {
    throw invalid('parts', `List every part from 1 to ${document.multipart.partCount} exactly once.`);
  }
  try {
    await completeMultipartUpload('intake', document.intakeKey, document.multipart.s3UploadId, sorted);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'InvalidPart' || name === 'InvalidPartOrder' || name === 'EntityTooSmall') {
      throw invalid(
        'parts',
        'A part is missing or its ETag does not match what storage holds. List the parts and upload the missing ones.',
      );
    }
    if (name === 'NoSuchUpload') {
      const current = await getDocument(caseId, documentId);
      return { documentId, status: current?.status ?? 'uploading' };
    }
    throw error;
  }
  await auditAction(caseId, actor, 'document.upload-complete', documentId);
  return { documentId, status: 'uploading' as const };
}

export async function abortUpload(caseId: string, documentId: string, actor: Actor) {
  const document = await getDocument(caseId, documentId);
  if (!document) throw new NotFoundError('No such upload.');
  requireUploading(document);
  if (document.multipart)
    await abortMultipartUpload('intake', document.intakeKey, document.multipart.s3UploadId);
  if (!(await transitionDocument(caseId, documentId, ['uploading'], { status: 'cancelled' }))) {
    throw new ConflictError('upload_closed', 'This upload already finished.');
  }
  await auditAction(caseId, actor, 'document.upload-cancel', documentId);
  return { documentId, status: 'cancelled' as const };
}
