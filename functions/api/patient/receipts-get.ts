import { patientReceiptResponse } from '../../core/responses/patient';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { receiptDownload } from '../../services/payments';

/** A link to download one of the patient's receipts or credit notes (PDF), for their insurer. */
export const handler = route(
  { auth: 'patient', response: patientReceiptResponse },
  async ({ auth, params }) => {
    const { record } = await loadCaseFor(auth, auth.caseId, 'receipt.read');
    const download = await receiptDownload(record, params.number ?? '');
    await auditAction(record.caseId, auth.actor, 'receipt.download-url', download.number);
    return { statusCode: 200, body: download };
  },
);
