import { describe, expect, it } from 'vitest';
import {
  decideReportTranslation,
  reportTranslatedDetail,
  reportTranslationTarget,
  reportTranslationTitle,
} from '../../../../functions/core/case/decide-report-translation';
import { caseWith, reportRecord } from './fixtures';

const translation = {
  key: 'cases/case_aaaaaaaaaaaa/report/rpt_aaaaaaaaaaaa.fr.txt',
  language: 'fr',
  method: 'amazon-translate' as const,
  note: 'Machine translation',
  size: 10,
  sha256: 'f'.repeat(64),
};

describe('the report translated for the patient', () => {
  it('targets the language the patient reads, unless it is the report’s or the translation exists', () => {
    expect(reportTranslationTarget({ language: 'fr-CA' }, reportRecord)).toBe('fr');
    expect(reportTranslationTarget({ language: 'zh-Hant-TW' }, { ...reportRecord, language: 'zh' })).toBe(
      'zh-TW',
    );
    expect(reportTranslationTarget({ language: 'en-GB' }, reportRecord)).toBeUndefined();
    expect(reportTranslationTarget({ language: 'fr' }, { ...reportRecord, translation })).toBeUndefined();
  });

  it('names the report and the two languages in the stored text’s title', () => {
    expect(reportTranslationTitle(reportRecord, 'fr')).toBe("The specialist's report (en → fr)");
  });

  it('records the translation on the report once, keeping everything else about the report', () => {
    const record = caseWith({ report: reportRecord });
    expect(decideReportTranslation(record, translation)).toEqual({
      report: { ...reportRecord, translation },
    });
    expect(
      decideReportTranslation(caseWith({ report: { ...reportRecord, translation } }), translation),
    ).toBeUndefined();
    expect(decideReportTranslation(caseWith(), translation)).toBeUndefined();
  });

  it('says in the timeline whether the report was machine-translated or kept', () => {
    expect(reportTranslatedDetail('amazon-translate', 'fr')).toBe(
      'The report was machine-translated into fr for the patient.',
    );
    expect(reportTranslatedDetail('untranslated', 'fr')).toMatch(
      /could not be machine-translated into fr here/,
    );
  });
});
