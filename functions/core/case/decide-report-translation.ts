import type { TranslatedText } from '../translation-text';
import { type CaseRecord, type ReportRecord, readingLanguage } from './record';

export type ReportTranslation = NonNullable<ReportRecord['translation']>;

/**
 * The language the report is translated into for the patient, or undefined when the patient
 * reads the report's own language or the translation was made already.
 */
export function reportTranslationTarget(
  patient: Pick<CaseRecord['patient'], 'language'>,
  report: ReportRecord,
): string | undefined {
  const target = readingLanguage(patient.language);
  return target === report.language || report.translation ? undefined : target;
}

/** The stored translation's first line: which report, from and to which language. */
export const reportTranslationTitle = (report: ReportRecord, target: string): string =>
  `The specialist's report (${report.language} → ${target})`;

/** Records the translation on the report, once: undefined when there is no report or it has one. */
export function decideReportTranslation(
  current: CaseRecord,
  translation: ReportTranslation,
): Pick<CaseRecord, 'report'> | undefined {
  if (!current.report || current.report.translation) return undefined;
  return { report: { ...current.report, translation } };
}

/** The timeline entry once the translation is recorded. */
export function reportTranslatedDetail(method: TranslatedText['method'], target: string): string {
  return method === 'amazon-translate'
    ? `The report was machine-translated into ${target} for the patient.`
    : `The report could not be machine-translated into ${target} here; the patient gets the original text with a note.`;
}
