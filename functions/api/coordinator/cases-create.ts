import { audit } from '../../adapters/audit-log';
import { addTimelineEvent, createCase } from '../../adapters/case-store';
import { setting } from '../../adapters/settings';
import { issueToken, subjects } from '../../adapters/token-store';
import { buildChecklist } from '../../core/case/readiness';
import { newCase } from '../../core/case/record';
import { newId } from '../../core/ids';
import { createCaseSchema } from '../../core/schemas';
import { route } from '../../http/route';

/** A patient link stays usable for 30 days; the coordinator can open a new case link later. */
const PATIENT_TOKEN_SECONDS = 30 * 24 * 3600;

export const handler = route({ auth: 'coordinator', body: createCaseSchema }, async ({ auth, body, now }) => {
  const record = newCase({ ...body, caseId: newId('case'), at: now.toISOString() });
  await createCase(record);
  const { token } = await issueToken(
    { role: 'patient', subject: subjects.case(record.caseId), caseId: record.caseId },
    PATIENT_TOKEN_SECONDS,
  );
  await addTimelineEvent(record.caseId, 'case-opened', 'A coordinator opened the case.');
  await audit({ caseId: record.caseId, actor: auth.actor, action: 'case.create', outcome: 'allowed' });
  return {
    statusCode: 201,
    body: {
      caseId: record.caseId,
      status: record.status,
      patientToken: token,
      // The token travels in the fragment, which browsers never send to a server.
      patientLink: `${setting('patientPortalUrl').replace(/\/$/, '')}/upload#${token}`,
      checklist: buildChecklist(record, []),
    },
  };
});
