import type { CaseStatus } from '../../functions/core/vocabulary';
import { zhStatusNames } from './vocabulary-text';

/**
 * How the console and the hospital portal write statuses, days and instants (small on its own,
 * so the portal's first page does not carry the console's whole string table).
 */
type Lang = 'en' | 'zh-Hans';

/**
 * A case's status as the API names it; the Chinese interface adds its translation before it,
 * so the API's word is always there to search and to tell a colleague.
 */
export function statusText(lang: Lang, status: string): string {
  if (lang === 'en') return status;
  const label = zhStatusNames[status as CaseStatus];
  return label ? `${label}（${status}）` : status;
}

/** Dates as people read them: a YYYY-MM-DD day stays that day, an instant shows in local time. */
export function formatDay(lang: Lang, day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** An instant in the given zone (a hospital's), else the browser's. */
export function formatInstant(lang: Lang, iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}
