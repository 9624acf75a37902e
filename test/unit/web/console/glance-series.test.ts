import { describe, expect, it } from 'vitest';
import type { Deadline } from '../../../../functions/core/business-days';
import { dashboard, type OpenCaseSummary } from '../../../../functions/core/dashboard';
import { dashboardResponse } from '../../../../functions/core/responses/coordinator';
import type { TurnaroundEntry } from '../../../../functions/core/turnaround';
import { caseStatuses } from '../../../../functions/core/vocabulary';
import { sampleHospitals } from '../../../../scripts/local/sample-hospitals';
import {
  formatDay,
  formatShare,
  overdueItems,
  stageRows,
  stageSeries,
  stageSummary,
  turnaroundRows,
  turnaroundSeries,
  turnaroundSummary,
  wrapLabel,
} from '../../../../web/console/glance/series';
import { glanceText } from '../../../../web/console/glance/text';

const en = glanceText.en;
const zh = glanceText['zh-Hans'];
const [a, b, c] = sampleHospitals as [
  (typeof sampleHospitals)[number],
  (typeof sampleHospitals)[number],
  (typeof sampleHospitals)[number],
];
const now = new Date('2026-06-10T04:00:00Z'); // a Wednesday in Shanghai

const deadline = (dueOn: string): Deadline => ({
  receivedOn: '2026-06-01',
  dueOn,
  dueAt: `${dueOn}T15:59:59.999Z`,
  businessDays: 5,
  timeZone: 'Asia/Shanghai',
  calendar: 'CN',
  provisional: false,
});

const entry = (hospitalId: string, businessDays: number, onTime: boolean, n: number): TurnaroundEntry => ({
  caseId: `case_${hospitalId}_${n}`,
  hospitalId,
  receivedOn: '2026-05-04',
  reportedOn: '2026-05-11',
  reportedAt: '2026-05-11T06:00:00.000Z',
  dueOn: '2026-05-11',
  businessDays,
  onTime,
  expedited: false,
});

const open: OpenCaseSummary[] = [
  { caseId: 'case_c1', status: 'collecting' },
  { caseId: 'case_c2', status: 'collecting' },
  { caseId: 'case_r1', status: 'under-review', hospitalId: a.hospitalId, deadline: deadline('2026-06-12') },
  // Due Friday 5 June: Monday to Wednesday passed, three business days late.
  { caseId: 'case_o1', status: 'overdue', hospitalId: b.hospitalId, deadline: deadline('2026-06-05') },
  { caseId: 'case_o2', status: 'overdue', hospitalId: a.hospitalId, deadline: deadline('2026-06-09') },
];

// The console draws what the backend computes: the real dashboard function makes the input,
// checked against the route's response schema.
const data = dashboardResponse.parse(
  dashboard({
    open,
    hospitals: [a, b, c],
    reports: new Map([
      [
        a.hospitalId,
        [entry(a.hospitalId, 4, true, 1), entry(a.hospitalId, 5, true, 2), entry(a.hospitalId, 7, false, 3)],
      ],
      [b.hospitalId, [entry(b.hospitalId, 6, false, 1), entry(b.hospitalId, 5, true, 2)]],
    ]),
    now,
  }),
);

describe('cases by stage', () => {
  it('is one bar per open stage, zeros kept, the overdue stage marked', () => {
    const series = stageSeries(data, en);
    expect(series.statuses).toEqual(
      caseStatuses.filter((status) => status !== 'completed' && status !== 'cancelled'),
    );
    expect(series.counts).toEqual([2, 0, 0, 0, 0, 1, 2, 0]);
    expect(series.urgent.indexOf(true)).toBe(series.statuses.indexOf('overdue'));
    expect(series.urgent.filter(Boolean)).toHaveLength(1);
    expect(stageSeries(data, zh).labels[5]).toBe('专家审阅中');
  });

  it('reads as a sentence in place of the chart, and as rows linking to the filtered list', () => {
    expect(stageSummary(data, en)).toBe(
      '2 collecting; 1 under-review; 2 overdue; none in the other 5 stages.',
    );
    expect(stageSummary(data, zh)).toBe(
      '收集资料 2 例；专家审阅中 1 例；已逾期 2 例；其余 5 个环节没有病例。',
    );
    const empty = dashboard({ open: [], hospitals: [], reports: new Map(), now });
    expect(stageSummary(empty, en)).toBe('No open cases.');
    const rows = stageRows(data, zh);
    expect(rows[6]).toEqual({
      status: 'overdue',
      label: '已逾期（overdue）',
      count: 2,
      href: '#/cases?status=overdue',
    });
    expect(stageRows(data, en)[0]!.label).toBe('collecting (collecting records)');
  });
});

describe('turnaround by hospital', () => {
  it('puts measured medians beside promises, slowest first, with no bar where nothing was delivered', () => {
    const series = turnaroundSeries(data, en, 'en');
    expect(series.hospitalIds).toEqual([b.hospitalId, a.hospitalId, c.hospitalId]);
    expect(series.measured).toEqual([5.5, 5, null]);
    expect(series.promised).toEqual([
      b.turnaroundBusinessDays,
      a.turnaroundBusinessDays,
      c.turnaroundBusinessDays,
    ]);
    expect(series.labels[1]).toEqual([
      'Sample Cancer Hospital A',
      '(Shanghai) [sample]',
      '2 of 3 on time (67%)',
    ]);
    expect(series.labels[2]).toEqual([...wrapLabel(c.name), 'no reports in this period']);
    expect(series.max).toBe(Math.ceil(Math.max(5.5, ...series.promised)) + 1);
    expect(turnaroundSeries(data, zh, 'zh-Hans').labels[0]!.at(-1)).toBe('2 份中 1 份按时（50%）');
  });

  it('reads as one sentence per hospital and as a table', () => {
    expect(turnaroundSummary(data, en, 'en')).toBe(
      `${b.name}: median 5.5 business days against ${b.turnaroundBusinessDays} business days promised, 1 of 2 on time (50%). ` +
        `${a.name}: median 5 business days against 5 business days promised, 2 of 3 on time (67%). ` +
        `${c.name}: promises ${c.turnaroundBusinessDays} business days, no reports in this period.`,
    );
    const rows = turnaroundRows(data, zh, 'zh-Hans');
    expect(rows[1]).toEqual({
      hospitalId: a.hospitalId,
      hospital: a.name,
      reports: '3',
      median: '5',
      promised: '5（加急 3）',
      onTime: '3 份中 2 份按时（67%）',
      late: false,
    });
    expect(rows[2]!.median).toBe('—');
    expect(rows[0]!.late).toBe(5.5 > b.turnaroundBusinessDays);
  });
});

describe('overdue cases', () => {
  it('lists the most overdue first, each linking to its case in the console', () => {
    const items = overdueItems(data, en, 'en');
    expect(items.map((item) => item.caseId)).toEqual(['case_o1', 'case_o2']);
    expect(items[0]).toEqual({
      caseId: 'case_o1',
      path: '/cases/case_o1',
      href: '#/cases/case_o1',
      hospital: b.name,
      due: 'due 5 Jun 2026',
      overdue: '3 business days overdue',
    });
    expect(items[1]!.overdue).toBe('1 business day overdue');
    expect(overdueItems(data, zh, 'zh-Hans')[0]).toMatchObject({
      due: '截止 2026年6月5日',
      overdue: '已逾期 3 个工作日',
    });
  });
});

describe('formatting', () => {
  it('wraps long hospital names for the axis: at spaces, and anywhere in a run of Chinese', () => {
    expect(wrapLabel('Short name')).toEqual(['Short name']);
    expect(wrapLabel('复旦大学附属肿瘤医院质子重离子中心')).toEqual([
      '复旦大学附属肿瘤医院质子重',
      '离子中心',
    ]);
    expect(wrapLabel('上海市质子重离子医院 Shanghai Proton and Heavy Ion Center')).toEqual([
      '上海市质子重离子医院',
      'Shanghai Proton and Heavy',
      'Ion Center',
    ]);
    expect(wrapLabel('Supercalifragilisticexpialidocious-Hospital')).toEqual([
      'Supercalifragilisticexpialidocious-Hospital',
    ]);
  });

  it('writes a due day as that day in any time zone, and shares as whole percents', () => {
    expect(formatDay('2026-01-01', 'en')).toBe('1 Jan 2026');
    expect(formatShare(2 / 3, 'zh-Hans')).toBe('67%');
  });
});
