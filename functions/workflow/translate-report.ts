import { addTimelineEvent, getCase, mutateCase } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { putGenerated, readHead } from '../adapters/record-store';
import { translateForPatient } from '../adapters/translator';
import { readingLanguage } from '../core/case/record';
import { objectKeys } from '../core/object-keys';
import { parseInput } from '../core/parse-input';
import { readPdf } from '../core/pdf';
import { StaleSubmissionError, workflowInput } from './workflow-input';

/**
 * Once the report arrives: where the patient reads another language than the report's, its
 * text is translated for them (or, with no translator, kept and said so) and stored beside
 * it, for the coordinator writing the summary and for the patient with the report.
 */
export async function handler(event: unknown): Promise<{ translated: boolean }> {
  const input = parseInput(workflowInput, event, 'the TranslateReport input');
  const record = await getCase(input.caseId);
  if (!record || record.submission !== input.submission) throw new StaleSubmissionError();
  const report = record.report;
  if (!report) throw new Error('the report has not arrived');
  const target = readingLanguage(record.patient.language);
  if (target === report.language || report.translation) return { translated: false };

  const { text } = await readPdf(await readHead('records', report.recordsKey, report.size));
  const translation = await translateForPatient(text, { source: report.language, target });
  const body = Buffer.from(
    [
      `The specialist's report (${report.language} → ${target})`,
      translation.note,
      '',
      translation.text,
      ...(translation.method === 'amazon-translate' ? ['', '--- Original ---', '', text] : []),
      '',
    ].join('\n'),
    'utf8',
  );
  const key = objectKeys.reportTranslation(record.caseId, report.uploadId, target);
  const stored = await putGenerated('records', key, body, 'text/plain; charset=utf-8');
  const outcome = await mutateCase(record.caseId, (current) => {
    if (!current.report || current.report.translation) return { result: false };
    return {
      changes: {
        set: {
          report: {
            ...current.report,
            translation: {
              key,
              language: target,
              method: translation.method,
              note: translation.note,
              ...stored,
            },
          },
        },
      },
      result: true,
    };
  });
  if (outcome?.result) {
    await addTimelineEvent(
      record.caseId,
      'report-translated',
      translation.method === 'amazon-translate'
        ? `The report was machine-translated into ${target} for the patient.`
        : `The report could not be machine-translated into ${target} here; the patient gets the original text with a note.`,
    );
  }
  logger.info('report translated', { caseId: record.caseId, method: translation.method });
  return { translated: outcome?.result ?? false };
}
