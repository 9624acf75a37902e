import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { notifyOnce } from '../../adapters/notifier';
import { deleteObject } from '../../adapters/record-store';
import { addendumRecord, checkAnswersOpenQuestions, decideAddendum } from '../../core/case/addendum';
import { NotFoundError } from '../../core/errors';
import { addendumForPatient } from '../../core/messages/patient';
import { relayAddendumResponse } from '../../core/responses/relay';
import { addendumSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { acceptHospitalPdf } from '../../services/hospital-pdf';

/**
 * The hospital answers the patient's follow-up questions with a written addendum (a PDF it
 * uploaded through report-uploads) and the answers themselves; the patient is told.
 */
export const handler = route(
  { auth: 'hospital', body: addendumSchema, response: relayAddendumResponse },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.addendum');
    if ((record.addenda ?? []).some((addendum) => addendum.addendumId === body.uploadId)) {
      return { statusCode: 200, body: { addendumId: body.uploadId } };
    }
    checkAnswersOpenQuestions(record, body.answers);
    const accepted = await acceptHospitalPdf(record, auth, body.uploadId, 'addendum');
    const addendum = addendumRecord(accepted, body.answers, now);
    const outcome = await mutateCase(record.caseId, (current) => {
      const set = decideAddendum(current, addendum, body.answers);
      return set ? { changes: { set }, result: true } : { result: false };
    });
    if (!outcome) throw new NotFoundError('No such case.');
    // The records bucket holds it now; the relay's copy of the upload goes.
    await deleteObject('relay', accepted.upload.relayKey);
    if (outcome.result) {
      await notifyOnce(
        record.caseId,
        `addendum-${addendum.addendumId}-patient`,
        addendumForPatient(record.patient.email, record.patient.language),
      );
      await addTimelineEvent(
        record.caseId,
        'addendum-received',
        `The hospital answered ${addendum.questionIds.length} follow-up question(s) with an addendum.`,
      );
      await auditAction(record.caseId, auth.actor, 'relay.addendum.deliver', addendum.addendumId);
    }
    return { statusCode: 200, body: { addendumId: addendum.addendumId } };
  },
);
