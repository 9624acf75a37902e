import { addTimelineEvent, mutateCase } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { putGenerated, readHead } from '../adapters/record-store';
import { translateForPatient } from '../adapters/translator';
import {
  decideReportTranslation,
  reportTranslatedDetail,
  reportTranslationTarget,
  reportTranslationTitle,
} from '../core/case/decide-report-translation';
import { workflowInput } from '../core/inputs/workflow';
import { objectKeys } from '../core/object-keys';
import { parseInput } from '../core/parse-input';
import { readPdf } from '../core/pdf';
import { translationText } from '../core/translation-text';
import { getSubmission } from '../services/submission-case';

/**
 * Once the report arrives: where the patient reads another language than the report's, its
 * text is translated for them (or, with no translator, kept and said so) and stored beside
 * it, for the coordinator writing the summary and for the patient with the report.
 */
export async function handler(event: unknown): Promise<{ translated: boolean }> {
  const input = parseInput(workflowInput, event, 'the TranslateReport input');
  const record = await getSubmission(input);
  const report = record.report;
  if (!report) throw new Error('the report has not arrived');
  const target = reportTranslationTarget(record.patient, report);
  if (!target) return { translated: false };

  const { text } = await readPdf(await readHead('records', report.recordsKey, report.size));
  const translation = await translateForPatient(text, { source: report.language, target });
  const body = translationText(reportTranslationTitle(report, target), translation, '--- Original ---', text);
  const key = objectKeys.reportTranslation(record.caseId, report.uploadId, target);
  const stored = await putGenerated('records', key, Buffer.from(body, 'utf8'), 'text/plain; charset=utf-8');
  const { method, note } = translation;
  const numbersDiffer = translation.missingNumbers.length > 0 ? ({ numbersDiffer: true } as const) : {};
  const outcome = await mutateCase(record.caseId, (current) => {
    const set = decideReportTranslation(current, {
      key,
      language: target,
      method,
      note,
      ...numbersDiffer,
      ...stored,
    });
    return set ? { changes: { set }, result: true } : { result: false };
  });
  if (outcome?.result) {
    await addTimelineEvent(record.caseId, 'report-translated', reportTranslatedDetail(method, target));
  }
  logger.info('report translated', { caseId: record.caseId, method });
  return { translated: outcome?.result ?? false };
}
