import { describe, expect, it } from 'vitest';
import { addendumSchema, reportSchema } from '../../../functions/core/schemas';
import {
  buildAddendumBody,
  buildReportBody,
  emptyDraft,
  listItem,
  type OpinionDraft,
} from '../../../web/hospital/opinion/draft';
import { opinionText, patientPageWords } from '../../../web/hospital/opinion/text';
import { check } from '../../../web/hospital/opinion/validation';
import { Translator } from '../../../web/patient/i18n';

const en = opinionText('en');
const zh = opinionText('zh-Hans');

function complete(overrides: Partial<OpinionDraft> = {}): OpinionDraft {
  return {
    ...emptyDraft('en'),
    outcome: 'current-plan-optimal',
    stagingAgrees: 'yes',
    recommendedPath: 'continue-current-plan',
    specialistName: 'Dr. Li Wei',
    department: 'Thoracic Oncology',
    ...overrides,
  };
}

describe('the opinion form’s body and the report route’s own schema', () => {
  it('a complete draft becomes a body the route accepts, blank lines and hidden fields left out', () => {
    const draft = complete({
      options: [listItem('Continue osimertinib.'), listItem('   '), listItem('Re-image in 3 months.')],
      limits: ['tissue-reread', 'resectability'],
      specialistStaging: 'typed before choosing yes',
    });
    const checked = check(reportSchema, buildReportBody(draft, 'rpt_123'), en);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.data).toEqual({
      uploadId: 'rpt_123',
      specialist: { name: 'Dr. Li Wei', department: 'Thoracic Oncology' },
      language: 'en',
      opinion: {
        outcome: 'current-plan-optimal',
        stagingAgreement: { agrees: true },
        recommendedPath: 'continue-current-plan',
        optionsRecommended: ['Continue osimertinib.', 'Re-image in 3 months.'],
        // In the schema's order, whatever order they were ticked in.
        limitsNoted: ['resectability', 'tissue-reread'],
      },
    });
  });

  it('a clinical trial without its registry id is refused at that reason’s registry-id field, in both languages', () => {
    const draft = complete({ outcome: 'travel-recommended', recommendedPath: 'clinical-trial' });
    draft.travel['novel-drug'].chosen = true;
    draft.travel['clinical-trial'].chosen = true;
    const built = buildReportBody(draft, 'rpt_1');
    // The trial is the second reason in the body: its issue still finds its own field.
    expect(check(reportSchema, built, en)).toEqual({
      ok: false,
      issues: [{ key: 'travel:clinical-trial:trialId', message: 'Give the trial’s registry id.' }],
    });
    expect(check(reportSchema, built, zh)).toEqual({
      ok: false,
      issues: [{ key: 'travel:clinical-trial:trialId', message: '请填写该临床试验的注册号。' }],
    });
    draft.travel['clinical-trial'].trialId = 'NCT123';
    expect(check(reportSchema, buildReportBody(draft, 'rpt_1'), en)).toMatchObject({
      ok: false,
      issues: [
        {
          key: 'travel:clinical-trial:trialId',
          message: 'Use a registry id such as NCT01234567 or ChiCTR2400081234.',
        },
      ],
    });
    draft.travel['clinical-trial'].trialId = ' ChiCTR2400081234 ';
    const accepted = check(reportSchema, buildReportBody(draft, 'rpt_1'), en);
    expect(
      accepted.ok &&
        accepted.data.opinion.outcome === 'travel-recommended' &&
        accepted.data.opinion.travelReasons,
    ).toEqual([{ reason: 'novel-drug' }, { reason: 'clinical-trial', trialId: 'ChiCTR2400081234' }]);
  });

  it('an empty form names every required field at once, the outcome included', () => {
    const checked = check(reportSchema, buildReportBody(emptyDraft('zh'), undefined), en);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.fromEntries(checked.issues.map((issue) => [issue.key, issue.message]))).toEqual({
      pdf: en.uploadFirst,
      specialistName: en.fillIn,
      department: en.fillIn,
      outcome: en.chooseOne,
      stagingAgrees: en.chooseOne,
      recommendedPath: en.chooseOne,
    });
  });

  it('staging that differs asks for the specialist’s staging; travel with no reason and missing information are refused at their groups', () => {
    const differs = check(reportSchema, buildReportBody(complete({ stagingAgrees: 'no' }), 'rpt_1'), en);
    expect(differs).toEqual({
      ok: false,
      issues: [{ key: 'specialistStaging', message: 'Give the staging the specialist arrives at.' }],
    });
    expect(
      check(reportSchema, buildReportBody(complete({ outcome: 'travel-recommended' }), 'rpt_1'), en),
    ).toEqual({
      ok: false,
      issues: [{ key: 'travelReasons', message: en.atLeast(1) }],
    });
    const other = complete({ outcome: 'travel-recommended' });
    other.travel.other.chosen = true;
    expect(check(reportSchema, buildReportBody(other, 'rpt_1'), zh)).toEqual({
      ok: false,
      issues: [{ key: 'travel:other:detail', message: '请说明理由。' }],
    });
    const information = complete({ outcome: 'more-information-needed', informationNeeded: [listItem(' ')] });
    expect(check(reportSchema, buildReportBody(information, 'rpt_1'), en)).toEqual({
      ok: false,
      issues: [{ key: 'informationNeeded', message: en.atLeast(1) }],
    });
    const long = listItem('x'.repeat(501));
    expect(
      check(reportSchema, buildReportBody(complete({ options: [listItem('fine'), long] }), 'rpt_1'), en),
    ).toEqual({
      ok: false,
      issues: [{ key: `option:${long.id}`, message: en.tooLong(500) }],
    });
  });

  it('the addendum body takes the answers typed, and none is refused at the answers', () => {
    const none = check(addendumSchema, buildAddendumBody([{ questionId: 'q_1', text: ' ' }], 'rpt_2'), en);
    expect(none).toEqual({ ok: false, issues: [{ key: 'answers', message: en.atLeast(1) }] });
    const some = check(
      addendumSchema,
      buildAddendumBody(
        [
          { questionId: 'q_1', text: '' },
          { questionId: 'q_2', text: ' Yes, between cycles. ' },
        ],
        'rpt_2',
      ),
      en,
    );
    expect(some).toEqual({
      ok: true,
      data: { uploadId: 'rpt_2', answers: [{ questionId: 'q_2', answer: 'Yes, between cycles.' }] },
    });
  });
});

describe('the opinion view’s text', () => {
  it('has every string in both languages, none empty', () => {
    const keysOf = (value: object): string[] =>
      Object.entries(value).flatMap(([key, entry]) =>
        entry && typeof entry === 'object' ? keysOf(entry).map((inner) => `${key}.${inner}`) : [key],
      );
    // schemaMessages is empty in English on purpose: the schema writes English.
    const english = keysOf(en).filter((key) => !key.startsWith('schemaMessages'));
    expect(keysOf(zh).filter((key) => !key.startsWith('schemaMessages'))).toEqual(english);
    for (const table of [en, zh]) {
      for (const value of Object.values(table)) {
        if (typeof value === 'string') expect(value.trim()).not.toBe('');
      }
    }
    expect(en.outcome).toBe('Outcome');
    expect(zh.send).toBe('发送意见');
  });

  it('the preview uses the patient page’s own words for the report', () => {
    const patient = new Translator('en');
    expect(patientPageWords.reportHeading).toBe(patient.t('reportHeading'));
    expect(patientPageWords.reportDownload).toBe(patient.t('reportDownload'));
    expect(patientPageWords.summaryHeading).toBe(patient.t('summaryHeading'));
    expect(patientPageWords.limitsNoted).toBe(patient.t('limitsNoted'));
    const specialist = { name: 'Dr. Li Wei', department: 'Thoracic Oncology' };
    expect(patientPageWords.specialist(specialist)).toBe(patient.t('specialist', specialist));
  });
});
