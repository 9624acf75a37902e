import { describe, expect, it } from 'vitest';
import { reportDeadline } from '../../../functions/core/business-days';
import {
  casesByStage,
  dashboard,
  type OpenCaseSummary,
  overdueCases,
} from '../../../functions/core/dashboard';
import type { Hospital } from '../../../functions/core/hospital';
import type { TurnaroundEntry } from '../../../functions/core/turnaround';
import { caseStatuses } from '../../../functions/core/vocabulary';
import { hospital } from './case/fixtures';

// Due Tue 9 Mar 2027 (received Tue 2 Mar in Shanghai, five business days).
const deadline = reportDeadline(new Date('2027-03-02T02:00:00Z'), 5, 'Asia/Shanghai', 'CN');
const open: OpenCaseSummary[] = [
  { caseId: 'case_one', status: 'collecting' },
  { caseId: 'case_two', status: 'collecting' },
  { caseId: 'case_three', status: 'ready' },
  { caseId: 'case_four', status: 'overdue', hospitalId: 'hosp-a', deadline },
  {
    caseId: 'case_five',
    status: 'overdue',
    hospitalId: 'hosp-gone',
    deadline: reportDeadline(new Date('2027-03-04T02:00:00Z'), 5, 'Asia/Shanghai', 'CN'),
  },
];
const now = new Date('2027-03-12T02:00:00Z'); // Fri 12 Mar in Shanghai

describe('the dashboard', () => {
  it('counts open cases by stage, every open stage listed in order', () => {
    const stages = casesByStage(open);
    expect(stages.map((stage) => stage.status)).toEqual(
      caseStatuses.filter((status) => status !== 'completed' && status !== 'cancelled'),
    );
    expect(Object.fromEntries(stages.map((stage) => [stage.status, stage.count]))).toMatchObject({
      collecting: 2,
      ready: 1,
      routing: 0,
      overdue: 2,
    });
  });

  it('lists overdue cases most overdue first, by business days past the due day', () => {
    expect(overdueCases(open, new Map([['hosp-a', 'Hospital A']]), now)).toEqual([
      {
        caseId: 'case_four',
        hospitalId: 'hosp-a',
        hospitalName: 'Hospital A',
        dueOn: '2027-03-09',
        businessDaysOverdue: 3, // Wed 10, Thu 11, Fri 12
      },
      { caseId: 'case_five', hospitalId: 'hosp-gone', dueOn: '2027-03-11', businessDaysOverdue: 1 },
    ]);
  });

  it('sets each hospital’s promise beside what it measured', () => {
    const other: Hospital = {
      ...hospital,
      hospitalId: 'hosp-b',
      name: 'B',
      turnaroundBusinessDays: 7,
      expedited: null,
    };
    const entry = (businessDays: number, onTime: boolean): TurnaroundEntry => ({
      caseId: `case_${businessDays}`,
      hospitalId: 'hosp-a',
      receivedOn: '2027-02-01',
      reportedOn: '2027-02-08',
      reportedAt: '2027-02-08T02:00:00Z',
      dueOn: '2027-02-08',
      businessDays,
      onTime,
      expedited: false,
    });
    const view = dashboard({
      open,
      hospitals: [hospital, other],
      reports: new Map([['hosp-a', [entry(2, true), entry(6, false), entry(4, true)]]]),
      now,
    });
    expect(view.openCases).toBe(5);
    expect(view.turnaround).toEqual({
      windowDays: 90,
      since: '2026-12-12T02:00:00.000Z',
      hospitals: [
        {
          hospitalId: 'hosp-a',
          hospitalName: 'Sample Cancer Hospital',
          promisedBusinessDays: 5,
          expeditedBusinessDays: 3,
          reports: 3,
          onTime: 2,
          onTimeShare: 2 / 3,
          medianBusinessDays: 4,
        },
        {
          hospitalId: 'hosp-b',
          hospitalName: 'B',
          promisedBusinessDays: 7,
          reports: 0,
          onTime: 0,
          onTimeShare: null,
          medianBusinessDays: null,
        },
      ],
    });
  });
});
