import { summarySchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { translateSummary } from '../../services/summary-translation';
import { completeStage } from '../../services/workflow-callbacks';

export const handler = route(
  { auth: 'coordinator', body: summarySchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'case.summary');
    const translation = await translateSummary(record.patient, body.plainLanguageSummary);
    const { record: updated } = await completeStage(record.caseId, {
      now,
      stage: 'summary',
      from: ['awaiting-summary'],
      to: 'awaiting-summary',
      set: () => ({
        plainLanguageSummary: body.plainLanguageSummary,
        ...(translation ? { plainLanguageSummaryTranslation: translation } : {}),
      }),
      output: () => ({ summarized: true }),
      timeline: { type: 'summary-written', detail: 'The coordinator wrote the plain-language summary.' },
      conflictMessage: 'A summary can be written once the hospital report has arrived.',
    });
    await auditAction(record.caseId, auth.actor, 'summary.write');
    return { statusCode: 200, body: { caseId: updated.caseId, status: updated.status } };
  },
);
