import { describe, expect, it } from 'vitest';
import { reportDeadline } from '../../../../functions/core/business-days';
import { hospitalCaseView, hospitalInboxRow, patientReportView } from '../../../../functions/core/case/views';
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

  it('marks the hospital’s inbox rows: expedited, business days left in its calendar, overdue, new until opened', () => {
    // Complete on Monday 1 March in Shanghai, 5 business days: due at the end of Monday 8 March.
    const deadline = reportDeadline(new Date('2027-03-01T10:00:00+08:00'), 5, 'Asia/Shanghai', 'CN');
    expect(deadline.dueOn).toBe('2027-03-08');
    const delivered = {
      ...caseWith({ status: 'under-review', expedited: true, deadline }),
      deliveredAt: '2027-02-26T01:00:00Z',
    };
    // Wednesday 3 March: Thursday, Friday and Monday are left.
    expect(hospitalInboxRow(delivered, new Date('2027-03-03T02:00:00Z'))).toEqual({
      ...hospitalCaseView(delivered),
      expedited: true,
      overdue: false,
      businessDaysLeft: 3,
      new: true,
      imagingShipped: false,
    });
    // The last minute of the due day is still in time; the next one is not.
    expect(hospitalInboxRow(delivered, new Date('2027-03-08T15:59:00Z')).overdue).toBe(false);
    expect(hospitalInboxRow(delivered, new Date('2027-03-08T16:00:00Z')).overdue).toBe(true);
    // Wednesday 10 March: two business days late.
    const opened = { ...delivered, hospitalOpenedAt: '2027-02-26T03:00:00Z' };
    expect(hospitalInboxRow(opened, new Date('2027-03-10T02:00:00Z'))).toMatchObject({
      overdue: true,
      businessDaysLeft: -2,
      openedAt: '2027-02-26T03:00:00Z',
      new: false,
    });
    // The overdue status says so whatever the clock; once the report is in, nothing is left or late.
    expect(
      hospitalInboxRow({ ...delivered, status: 'overdue' }, new Date('2027-03-03T02:00:00Z')).overdue,
    ).toBe(true);
    expect(
      hospitalInboxRow(
        { ...delivered, status: 'awaiting-summary', report },
        new Date('2027-03-10T02:00:00Z'),
      ),
    ).toMatchObject({ overdue: false, businessDaysLeft: 0 });
    // No deadline yet (receipt not confirmed): no days to count, not overdue.
    const waiting = hospitalInboxRow(
      { ...caseWith({ status: 'awaiting-receipt' }), deliveredAt: '2027-02-26T01:00:00Z' },
      new Date('2027-03-03T02:00:00Z'),
    );
    expect(waiting).not.toHaveProperty('businessDaysLeft');
    expect(waiting).toMatchObject({ expedited: false, overdue: false, new: true });
    const shipped = {
      ...delivered,
      imagingShipment: {
        carrier: 'DHL',
        trackingNumber: '1234567890',
        shippedAt: '2027-02-20',
        contents: 'CT disc',
        recordedAt: '2027-02-20T01:00:00Z',
      },
    };
    const shippedRow = hospitalInboxRow(shipped, new Date('2027-03-03T02:00:00Z'));
    expect(shippedRow.imagingShipped).toBe(true);
    expect(JSON.stringify(shippedRow)).not.toContain('1234567890');
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
