import { type RetryPolicy, translateForPatientOrKeep } from '../adapters/translator';
import { type CaseRecord, readingLanguage, type SummaryTranslation } from '../core/case/record';

/** Coordinators write the plain-language summary in English. */
const SUMMARY_LANGUAGE = 'en';

/**
 * The summary in the patient's language: machine-translated by Amazon Translate where it runs
 * (the English original stays beside it), else recorded as untranslated, so the patient is told
 * plainly. Undefined for a patient who reads English. An outage that outlasts the retries also
 * leaves it untranslated rather than holding the report back.
 */
export async function translateSummary(
  patient: Pick<CaseRecord['patient'], 'language'>,
  summary: string,
  retry?: RetryPolicy,
): Promise<SummaryTranslation | undefined> {
  const language = readingLanguage(patient.language);
  if (language === SUMMARY_LANGUAGE) return undefined;
  const translation = await translateForPatientOrKeep(
    summary,
    { source: SUMMARY_LANGUAGE, target: language },
    retry,
  );
  if (translation.method === 'untranslated') return { language, method: 'untranslated' };
  return {
    language,
    method: 'amazon-translate',
    text: translation.text,
    ...(translation.missingNumbers.length > 0 ? { numbersDiffer: true as const } : {}),
  };
}
