import { describe, expect, it } from 'vitest';
import { hospitalCaseView, patientReportView } from '../../../../functions/core/case/views';
import { caseWith, reportRecord as report } from './fixtures';

const link = (name: string) => ({
  url: `https://records.example/${name}`,
  expiresAt: '2027-03-05T02:00:00Z',
});

describe('views', () => {
  it('shows the hospital its delivered case without patient details', () => {
    const view = hospitalCaseView({
      ...caseWith({ status: 'awaiting-receipt' }),
      deliveredAt: '2027-03-01T01:00:00Z',
    });
    expect(view).toEqual({
      caseId: 'case_aaaaaaaaaaaa',
      status: 'awaiting-receipt',
      cancerType: 'lung',
      deliveredAt: '2027-03-01T01:00:00Z',
    });
  });

  it('shows the patient the report, says why a translation is missing, and counts the questions left', () => {
    const record = {
      ...caseWith({
        status: 'completed',
        patient: { ...caseWith().patient, language: 'zh-CN' },
        questions: [{ questionId: 'q_1', text: 'Why?', askedAt: '2027-03-06T00:00:00Z' }],
      }),
      report,
    };
    const view = patientReportView(record, { report: link('report'), addenda: [] });
    expect(view.report).toEqual(link('report'));
    expect(view.translation).toMatchObject({ language: 'zh', unavailable: true });
    expect(view.questions).toEqual([
      { questionId: 'q_1', question: 'Why?', askedAt: '2027-03-06T00:00:00Z' },
    ]);
    expect(view.questionsRemaining).toBe(2);
    expect(view.limitsOfRemoteReview.length).toBeGreaterThan(0);
    const english = patientReportView(
      { ...record, patient: caseWith().patient },
      { report: link('r'), addenda: [] },
    );
    expect(english.translation).toBeUndefined();
  });
});
