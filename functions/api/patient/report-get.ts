import { presignDownload } from '../../adapters/record-store';
import { patientReportView } from '../../core/case/views';
import { NotFoundError } from '../../core/errors';
import { patientReportResponse } from '../../core/responses/patient';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

export const handler = route({ auth: 'patient', response: patientReportResponse }, async ({ auth }) => {
  const { record } = await loadCaseFor(auth, auth.caseId, 'report.read');
  if (record.status !== 'completed' || !record.report) {
    throw new NotFoundError('The report has not been delivered yet.');
  }
  const { report } = record;
  const { uploadId } = report;
  const pdf = (key: string, fileName: string) =>
    presignDownload('records', key, { fileName, contentType: 'application/pdf' });
  const links = {
    report: await pdf(report.recordsKey, `report-${uploadId}.pdf`),
    translation: report.translation
      ? await presignDownload('records', report.translation.key, {
          fileName: `report-${uploadId}.${report.translation.language}.txt`,
          contentType: 'text/plain; charset=utf-8',
        })
      : undefined,
    addenda: await Promise.all(
      (record.addenda ?? []).map((addendum) =>
        pdf(addendum.recordsKey, `addendum-${addendum.addendumId}.pdf`),
      ),
    ),
  };
  await auditAction(record.caseId, auth.actor, 'report.download-url', uploadId);
  return { statusCode: 200, body: patientReportView({ ...record, report }, links) };
});
