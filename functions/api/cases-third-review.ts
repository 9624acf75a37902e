import { env } from '../../infra/definitions';
import { addTimelineEvent, createCase, mutateCase, putDocument } from '../adapters/case-store';
import { requireEnv } from '../adapters/env';
import { copyObject } from '../adapters/record-store';
import { issueToken, subjects } from '../adapters/token-store';
import { buildChecklist, type CaseRecord, type DocumentRecord } from '../core/case-model';
import { ConflictError, NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import { objectKeys } from '../core/object-keys';
import { thirdReviewSchema } from '../core/schemas';
import { route } from '../http/route';
import { auditAction, loadCaseFor } from '../services/case-access';

const PATIENT_TOKEN_SECONDS = 30 * 24 * 3600;

/**
 * Opens a third review: a new case linked to this one, holding copies of its accepted records
 * (copied server-side under the new case's own keys, so each case can be erased on its own),
 * its history and diagnosis. The patient consents again for the hospital chosen next.
 */
export const handler = route(
  { auth: 'coordinator', body: thirdReviewSchema },
  async ({ auth, body, params }) => {
    const { record, documents } = await loadCaseFor(auth, params.caseId ?? '', 'case.third-review');
    if (!record.report) {
      throw new ConflictError(
        'invalid_state',
        'A third review can be opened once the hospital report has arrived.',
      );
    }
    if (record.thirdReviewCaseId) {
      throw new ConflictError(
        'third_review_exists',
        `A third review is already open: ${record.thirdReviewCaseId}.`,
      );
    }
    const now = new Date().toISOString();
    const caseId = newId('case');
    const accepted = documents.filter((document) => document.status === 'accepted' && document.recordsKey);
    const copies: DocumentRecord[] = [];
    for (const document of accepted) {
      const documentId = newId('doc');
      const recordsKey = objectKeys.recordsDocument(caseId, documentId);
      await copyObject(
        { bucket: 'records', key: document.recordsKey! },
        { bucket: 'records', key: recordsKey },
        document.size,
      );
      copies.push({
        ...document,
        caseId,
        documentId,
        recordsKey,
        // Never uploaded to intake: the key it would have had, for the record's shape only.
        intakeKey: objectKeys.intakeDocument(caseId, documentId),
        createdAt: now,
        updatedAt: now,
      });
    }
    const review: CaseRecord = {
      caseId,
      version: 1,
      status: 'collecting',
      cancerType: record.cancerType,
      patient: record.patient,
      question: body.question,
      expedited: body.expedited ?? record.expedited,
      ...(record.requestedModalities ? { requestedModalities: record.requestedModalities } : {}),
      ...(record.treatmentHistory ? { treatmentHistory: record.treatmentHistory } : {}),
      ...(record.diagnosis ? { diagnosis: record.diagnosis } : {}),
      thirdReviewOf: record.caseId,
      createdAt: now,
      updatedAt: now,
      submission: 0,
      callbacks: {},
    };
    // Claim the link first: a second request loses here and creates nothing.
    const claimed = await mutateCase(record.caseId, (current) =>
      current.thirdReviewCaseId
        ? { result: false }
        : { changes: { set: { thirdReviewCaseId: caseId } }, result: true },
    );
    if (!claimed) throw new NotFoundError('No such case.');
    if (!claimed.result) {
      throw new ConflictError(
        'third_review_exists',
        `A third review is already open: ${claimed.record.thirdReviewCaseId}.`,
      );
    }
    await createCase(review);
    for (const copy of copies) await putDocument(copy);
    const { token } = await issueToken(
      { role: 'patient', subject: subjects.case(caseId), caseId },
      PATIENT_TOKEN_SECONDS,
    );
    await addTimelineEvent(
      caseId,
      'case-opened',
      `A coordinator opened a third review of case ${record.caseId}.`,
    );
    await addTimelineEvent(
      record.caseId,
      'third-review-opened',
      `A third review was opened as case ${caseId}.`,
    );
    await auditAction(record.caseId, auth.actor, 'case.third-review', caseId);
    await auditAction(caseId, auth.actor, 'case.create');
    return {
      statusCode: 201,
      body: {
        caseId,
        thirdReviewOf: record.caseId,
        status: review.status,
        patientToken: token,
        patientLink: `${requireEnv(env.patientPortalUrl).replace(/\/$/, '')}/upload#${token}`,
        documents: copies.length,
        checklist: buildChecklist(review, copies),
      },
    };
  },
);
