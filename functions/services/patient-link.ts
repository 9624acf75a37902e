import { setting } from '../adapters/settings';
import { issueToken, subjects } from '../adapters/token-store';
import { patientLinkUrl } from '../core/messages/patient';

/** A patient link stays usable for 30 days; the coordinator can send a new one later. */
export const PATIENT_LINK_DAYS = 30;

/** A new personal link to a case: its token (kept by no one but the patient) and the page's address. */
export async function issuePatientLink(
  caseId: string,
): Promise<{ token: string; link: string; days: number }> {
  const { token } = await issueToken(
    { role: 'patient', subject: subjects.case(caseId), caseId },
    PATIENT_LINK_DAYS * 24 * 3600,
  );
  return { token, link: patientLinkUrl(setting('patientPortalUrl'), token), days: PATIENT_LINK_DAYS };
}
