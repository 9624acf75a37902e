import { audit } from '../../adapters/audit-log';
import { addTimelineEvent, createCase } from '../../adapters/case-store';
import { notifyOnce } from '../../adapters/notifier';
import { buildChecklist } from '../../core/case/readiness';
import { newCase } from '../../core/case/record';
import { newId } from '../../core/ids';
import { uploadLinkForPatient } from '../../core/messages/patient';
import { createCaseSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { bookingToOpenFrom, linkBookingToCase } from '../../services/bookings';
import { issuePatientLink } from '../../services/patient-link';

export const handler = route({ auth: 'coordinator', body: createCaseSchema }, async ({ auth, body, now }) => {
  const { emailPatientLink, bookingId, ...opened } = body;
  const booking = bookingId ? await bookingToOpenFrom(bookingId) : undefined;
  const record = newCase({ ...opened, caseId: newId('case'), at: now.toISOString() });
  await createCase(record);
  if (booking) await linkBookingToCase(booking, record.caseId);
  const { token, link: patientLink, days } = await issuePatientLink(record.caseId);
  await addTimelineEvent(record.caseId, 'case-opened', 'A coordinator opened the case.');
  if (emailPatientLink) {
    const { email, language } = record.patient;
    await notifyOnce(record.caseId, 'patient-link', uploadLinkForPatient(email, language, patientLink, days));
    await addTimelineEvent(
      record.caseId,
      'patient-link-sent',
      'The patient was emailed their personal link.',
    );
  }
  await audit({ caseId: record.caseId, actor: auth.actor, action: 'case.create', outcome: 'allowed' });
  return {
    statusCode: 201,
    body: {
      caseId: record.caseId,
      status: record.status,
      patientToken: token,
      patientLink,
      checklist: buildChecklist(record, []),
    },
  };
});
