// Every string of "At a glance", in both console languages (keyed by `ctx.lang`).
import { zhStatusNames } from '../vocabulary-text';

/** What each open status means, for the table beside the chart. */
const enStageMeanings: Record<string, string> = {
  collecting: 'collecting records',
  ready: 'ready to submit',
  routing: 'being sent to the hospital',
  'awaiting-certified-translation': 'waiting for a certified translation',
  'awaiting-receipt': 'waiting for the hospital to confirm receipt',
  'under-review': 'under review at the hospital',
  overdue: 'report overdue',
  'awaiting-summary': 'waiting for the plain-language summary',
};

/** Chinese names of the open statuses; the table adds the API's word beside them. */
const zhStages: Record<string, string> = {
  ...zhStatusNames,
  // Short enough for the chart's axis.
  'awaiting-receipt': '等待确认接收',
};

const en = {
  title: 'At a glance',
  intro: 'Where the open cases stand, how each hospital keeps its promised turnaround, and what is late.',
  loading: 'Loading the figures…',
  refresh: 'Refresh',
  refreshing: 'Refreshing…',
  updated: (time: string) => `Figures as of ${time}.`,
  openCases: (count: number) => (count === 1 ? '1 open case' : `${count} open cases`),
  showTable: 'Show the figures as a table',

  stagesHeading: 'Open cases by stage',
  stagesAxis: 'Cases',
  stageColumn: 'Stage',
  countColumn: 'Cases',
  /** On the chart's axis: the API's status word, as the cases list shows it. */
  stageTick: (status: string) => status,
  /** In the table and the summary: the word and what it means. */
  stageLabel: (status: string) => {
    const meaning = enStageMeanings[status];
    return meaning ? `${status} (${meaning})` : status;
  },
  stagesSummary: (parts: string[], zeroStages: number) =>
    `${parts.length > 0 ? parts.join('; ') : 'No open cases'}${zeroStages > 0 ? `; none in the other ${zeroStages} stages` : ''}.`,
  stagePart: (count: number, stage: string) => `${count} ${stage}`,
  listCases: (stage: string) => `List the cases in ${stage}`,

  turnaroundHeading: 'Turnaround by hospital',
  turnaroundIntro: (days: number, since: string) =>
    `Median business days from confirmed receipt of the records to the report, for reports delivered in the last ${days} days (since ${since}), beside the turnaround each hospital promised.`,
  measured: 'Measured (median)',
  promised: 'Promised',
  daysAxis: 'Business days',
  businessDays: (days: number) => (days === 1 ? '1 business day' : `${days} business days`),
  onTimeLine: (onTime: number, reports: number, percent: string) =>
    `${onTime} of ${reports} on time (${percent})`,
  noReports: 'no reports in this period',
  hospitalColumn: 'Hospital',
  reportsColumn: 'Reports',
  medianColumn: 'Median (business days)',
  promisedColumn: 'Promised (business days)',
  onTimeColumn: 'On time',
  notMeasured: '—',
  promisedWithExpedited: (days: number, expedited: number) => `${days} (expedited: ${expedited})`,
  turnaroundSummary: (parts: string[]) => (parts.length > 0 ? `${parts.join('. ')}.` : 'No hospitals yet.'),
  hospitalMeasured: (name: string, median: string, promised: string, onTime: string) =>
    `${name}: median ${median} against ${promised} promised, ${onTime}`,
  hospitalUnmeasured: (name: string, promised: string) =>
    `${name}: promises ${promised}, no reports in this period`,
  noHospitals: 'No hospitals in the directory yet.',

  overdueHeading: 'Overdue cases',
  overdueIntro: 'Reports past their due date, most overdue first.',
  noOverdue: 'No case is overdue.',
  overdueNote: (count: number) =>
    `${count === 1 ? '1 case is' : `${count} cases are`} past the due date without a report, most overdue first.`,
  dueOn: (date: string) => `due ${date}`,
  daysOverdue: (days: number) =>
    days === 0
      ? 'due date passed today'
      : days === 1
        ? '1 business day overdue'
        : `${days} business days overdue`,
  noHospital: 'no hospital',

  errors: {
    network: 'The server could not be reached. Check your connection and press Refresh.',
    unauthorized: 'Your session has ended. Sign in again.',
    forbidden: 'Your account is not allowed to see these figures.',
    tooMany: 'Too many requests at once. Wait a few seconds and press Refresh.',
    server: 'The figures could not be computed just now. Press Refresh in a moment.',
    other: (message: string) => `The figures could not be loaded: ${message}`,
  },
};

export type GlanceText = typeof en;

const zhHans: GlanceText = {
  title: '概览',
  intro: '未结病例分布在哪些环节、各医院是否按承诺时限出具报告，以及哪些病例已逾期。',
  loading: '正在加载数据…',
  refresh: '刷新',
  refreshing: '正在刷新…',
  updated: (time: string) => `数据截至 ${time}。`,
  openCases: (count: number) => `未结病例 ${count} 例`,
  showTable: '以表格查看数据',

  stagesHeading: '各环节未结病例',
  stagesAxis: '病例数',
  stageColumn: '环节',
  countColumn: '病例数',
  stageTick: (status: string) => zhStages[status] ?? status,
  // The API's word stays beside the Chinese, as in the cases list, to search and to tell a colleague.
  stageLabel: (status: string) => (zhStages[status] ? `${zhStages[status]}（${status}）` : status),
  stagesSummary: (parts: string[], zeroStages: number) =>
    `${parts.length > 0 ? parts.join('；') : '没有未结病例'}${zeroStages > 0 ? `；其余 ${zeroStages} 个环节没有病例` : ''}。`,
  stagePart: (count: number, stage: string) => `${stage} ${count} 例`,
  listCases: (stage: string) => `查看“${stage}”的病例`,

  turnaroundHeading: '各医院出具报告用时',
  turnaroundIntro: (days: number, since: string) =>
    `近 ${days} 天（${since} 起）交付的报告，从医院确认收齐资料到出具报告所用工作日的中位数，与各医院承诺的时限对照。`,
  measured: '实际用时（中位数）',
  promised: '承诺时限',
  daysAxis: '工作日',
  businessDays: (days: number) => `${days} 个工作日`,
  onTimeLine: (onTime: number, reports: number, percent: string) =>
    `${reports} 份中 ${onTime} 份按时（${percent}）`,
  noReports: '本期间没有报告',
  hospitalColumn: '医院',
  reportsColumn: '报告数',
  medianColumn: '中位用时（工作日）',
  promisedColumn: '承诺时限（工作日）',
  onTimeColumn: '按时交付',
  notMeasured: '—',
  promisedWithExpedited: (days: number, expedited: number) => `${days}（加急 ${expedited}）`,
  turnaroundSummary: (parts: string[]) => (parts.length > 0 ? `${parts.join('。')}。` : '还没有医院。'),
  hospitalMeasured: (name: string, median: string, promised: string, onTime: string) =>
    `${name}：中位用时 ${median}，承诺 ${promised}，${onTime}`,
  hospitalUnmeasured: (name: string, promised: string) => `${name}：承诺 ${promised}，本期间没有报告`,
  noHospitals: '名录中还没有医院。',

  overdueHeading: '逾期病例',
  overdueIntro: '已过截止日期仍未收到报告的病例，逾期最久的排在最前。',
  noOverdue: '目前没有逾期病例。',
  overdueNote: (count: number) => `共 ${count} 例已过截止日期仍未收到报告，逾期最久的排在最前。`,
  dueOn: (date: string) => `截止 ${date}`,
  daysOverdue: (days: number) => (days === 0 ? '今天已过截止时间' : `已逾期 ${days} 个工作日`),
  noHospital: '未指定医院',

  errors: {
    network: '无法连接服务器，请检查网络后点击“刷新”。',
    unauthorized: '登录已过期，请重新登录。',
    forbidden: '您的账号无权查看这些数据。',
    tooMany: '请求过于频繁，请稍等几秒再点击“刷新”。',
    server: '暂时无法统计数据，请稍后点击“刷新”。',
    other: (message: string) => `无法加载数据：${message}`,
  },
};

export const glanceText: Record<'en' | 'zh-Hans', GlanceText> = { en, 'zh-Hans': zhHans };
