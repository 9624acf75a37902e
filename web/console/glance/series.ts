import type { DashboardResponse } from '../../../functions/core/responses/coordinator';
import type { GlanceText } from './text';

/**
 * "At a glance" without the DOM: the /dashboard answer as chart series, as table rows and as the
 * sentences a screen reader hears in place of each chart. Unit-tested in Node.
 */

/** The answer of GET /dashboard (the route checks its body against this schema). */
export type Dashboard = DashboardResponse;
export type Lang = 'en' | 'zh-Hans';

const locales: Record<Lang, string> = { en: 'en-GB', 'zh-Hans': 'zh-Hans-CN' };

/** A calendar day (YYYY-MM-DD) as the coordinator reads it; the day itself, in no time zone. */
export function formatDay(day: string, lang: Lang): string {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

export function formatTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** 0.9 → "90%", 2/3 → "67%"; whole percents, rounded. */
export function formatShare(share: number, lang: Lang): string {
  return new Intl.NumberFormat(locales[lang], { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A median may be a half (the mean of the middle two): at most one decimal. */
export function formatDays(days: number, lang: Lang): string {
  return new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 1 }).format(days);
}

export interface StageSeries {
  readonly statuses: string[];
  /** The axis labels. */
  readonly labels: string[];
  readonly counts: number[];
  /** Bars drawn with a pattern as well as a colour: the stage that needs a coordinator now. */
  readonly urgent: boolean[];
}

export function stageSeries(data: Dashboard, text: GlanceText): StageSeries {
  const stages = data.casesByStage;
  return {
    statuses: stages.map((stage) => stage.status),
    labels: stages.map((stage) => text.stageTick(stage.status)),
    counts: stages.map((stage) => stage.count),
    urgent: stages.map((stage) => stage.status === 'overdue'),
  };
}

/** The chart's text alternative: every stage with cases, and how many stages are empty. */
export function stageSummary(data: Dashboard, text: GlanceText): string {
  const withCases = data.casesByStage.filter((stage) => stage.count > 0);
  const parts = withCases.map((stage) => text.stagePart(stage.count, text.stageTick(stage.status)));
  return text.stagesSummary(parts, withCases.length === 0 ? 0 : data.casesByStage.length - withCases.length);
}

export interface StageRow {
  readonly status: string;
  readonly label: string;
  readonly count: number;
  /** The cases list filtered to this stage. */
  readonly href: string;
}

export function stageRows(data: Dashboard, text: GlanceText): StageRow[] {
  return data.casesByStage.map((stage) => ({
    status: stage.status,
    label: text.stageLabel(stage.status),
    count: stage.count,
    href: `#/cases?status=${encodeURIComponent(stage.status)}`,
  }));
}

type HospitalTurnaround = Dashboard['turnaround']['hospitals'][number];

/** "9 of 10 on time (90%)", or that nothing was delivered in the window. */
export function onTimeText(hospital: HospitalTurnaround, text: GlanceText, lang: Lang): string {
  if (hospital.reports === 0 || hospital.onTimeShare === null) return text.noReports;
  return text.onTimeLine(hospital.onTime, hospital.reports, formatShare(hospital.onTimeShare, lang));
}

const wide = /[\u3000-\u9fff\uff00-\uffef]/;
const widthOf = (text: string) =>
  [...text].reduce((sum, character) => sum + (wide.test(character) ? 2 : 1), 0);

/**
 * A long name in lines of about `width` columns, broken at spaces; a run of Chinese characters
 * (which has none) breaks anywhere, each character two columns wide. The chart's axis would
 * cut off what does not fit beside the bars on a tablet.
 */
export function wrapLabel(label: string, width = 26): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.trim().split(/\s+/)) {
    // Each Chinese character may end a line; a Latin run within the word stays whole.
    const pieces = word.match(/[\u3000-\u9fff\uff00-\uffef]|[^\u3000-\u9fff\uff00-\uffef]+/g) ?? [word];
    pieces.forEach((piece, index) => {
      const glue = line === '' || index > 0 ? '' : ' ';
      if (line !== '' && widthOf(line + glue + piece) > width) {
        lines.push(line);
        line = piece;
      } else line += glue + piece;
    });
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [label];
}

export interface TurnaroundSeries {
  readonly hospitalIds: string[];
  /** The hospital's name (wrapped), then its on-time share: the share sits beside the bars. */
  readonly labels: string[][];
  /** null where the hospital delivered nothing in the window: no bar, not a zero. */
  readonly measured: (number | null)[];
  readonly promised: number[];
  /** The axis's end: a whole number of days past the longest bar. */
  readonly max: number;
}

/** Hospitals with reports first (slowest median first), then the rest by name. */
function ordered(hospitals: readonly HospitalTurnaround[], lang: Lang): HospitalTurnaround[] {
  const collator = new Intl.Collator(locales[lang]);
  return [...hospitals].sort((a, b) => {
    const am = a.medianBusinessDays;
    const bm = b.medianBusinessDays;
    if (am !== null && bm !== null && am !== bm) return bm - am;
    if ((am === null) !== (bm === null)) return am === null ? 1 : -1;
    return collator.compare(a.hospitalName, b.hospitalName);
  });
}

export function turnaroundSeries(data: Dashboard, text: GlanceText, lang: Lang): TurnaroundSeries {
  const hospitals = ordered(data.turnaround.hospitals, lang);
  const measured = hospitals.map((hospital) => hospital.medianBusinessDays);
  const promised = hospitals.map((hospital) => hospital.promisedBusinessDays);
  const longest = Math.max(1, ...promised, ...measured.map((days) => days ?? 0));
  return {
    hospitalIds: hospitals.map((hospital) => hospital.hospitalId),
    labels: hospitals.map((hospital) => [
      ...wrapLabel(hospital.hospitalName),
      onTimeText(hospital, text, lang),
    ]),
    measured,
    promised,
    max: Math.ceil(longest) + 1,
  };
}

export interface TurnaroundRow {
  readonly hospitalId: string;
  readonly hospital: string;
  readonly reports: string;
  readonly median: string;
  readonly promised: string;
  readonly onTime: string;
  /** The measured median is longer than the promise. */
  readonly late: boolean;
}

export function turnaroundRows(data: Dashboard, text: GlanceText, lang: Lang): TurnaroundRow[] {
  return ordered(data.turnaround.hospitals, lang).map((hospital) => ({
    hospitalId: hospital.hospitalId,
    hospital: hospital.hospitalName,
    reports: String(hospital.reports),
    median:
      hospital.medianBusinessDays === null ? text.notMeasured : formatDays(hospital.medianBusinessDays, lang),
    promised:
      hospital.expeditedBusinessDays === undefined
        ? String(hospital.promisedBusinessDays)
        : text.promisedWithExpedited(hospital.promisedBusinessDays, hospital.expeditedBusinessDays),
    onTime:
      hospital.onTimeShare === null
        ? text.notMeasured
        : text.onTimeLine(hospital.onTime, hospital.reports, formatShare(hospital.onTimeShare, lang)),
    late: hospital.medianBusinessDays !== null && hospital.medianBusinessDays > hospital.promisedBusinessDays,
  }));
}

/** The turnaround chart's text alternative: one sentence per hospital, in the chart's order. */
export function turnaroundSummary(data: Dashboard, text: GlanceText, lang: Lang): string {
  return text.turnaroundSummary(
    ordered(data.turnaround.hospitals, lang).map((hospital) => {
      const promised = text.businessDays(hospital.promisedBusinessDays);
      if (hospital.medianBusinessDays === null)
        return text.hospitalUnmeasured(hospital.hospitalName, promised);
      return text.hospitalMeasured(
        hospital.hospitalName,
        text.businessDays(hospital.medianBusinessDays),
        promised,
        onTimeText(hospital, text, lang),
      );
    }),
  );
}

export interface OverdueItem {
  readonly caseId: string;
  /** The console's address of the case. */
  readonly href: string;
  readonly path: string;
  readonly hospital: string;
  readonly due: string;
  readonly overdue: string;
}

export function overdueItems(data: Dashboard, text: GlanceText, lang: Lang): OverdueItem[] {
  return data.overdue.map((entry) => ({
    caseId: entry.caseId,
    path: `/cases/${encodeURIComponent(entry.caseId)}`,
    href: `#/cases/${encodeURIComponent(entry.caseId)}`,
    hospital: entry.hospitalName ?? entry.hospitalId ?? text.noHospital,
    due: text.dueOn(formatDay(entry.dueOn, lang)),
    overdue: text.daysOverdue(entry.businessDaysOverdue),
  }));
}
