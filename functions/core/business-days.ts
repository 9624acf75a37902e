/**
 * Business-day arithmetic in a hospital's own time zone. First version: Monday to Friday are
 * business days; holiday calendars arrive with issue 6, which is why a deadline says
 * `provisional: true` until then.
 */
export interface Deadline {
  readonly dueAt: string;
  readonly businessDays: number;
  readonly timeZone: string;
  readonly provisional: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Minutes east of UTC that a time zone observes at an instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** 23:59:59 on a calendar day in a time zone, as ISO 8601 with that zone's offset. */
export function endOfDay(date: string, timeZone: string): string {
  if (!DATE.test(date)) throw new RangeError('date must be YYYY-MM-DD');
  const naiveUtc = Date.parse(`${date}T23:59:59Z`);
  // Two passes settle the offset even when the day itself changes offset (DST).
  let offset = offsetMinutes(new Date(naiveUtc), timeZone);
  offset = offsetMinutes(new Date(naiveUtc - offset * 60_000), timeZone);
  return `${date}T23:59:59${formatOffset(offset)}`;
}

function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** The Nth business day after `date` (the day itself does not count). */
export function addBusinessDays(date: string, businessDays: number): string {
  if (!Number.isInteger(businessDays) || businessDays < 1) throw new RangeError('businessDays must be >= 1');
  let current = date;
  let counted = 0;
  while (counted < businessDays) {
    current = addDays(current, 1);
    if (!isWeekend(current)) counted += 1;
  }
  return current;
}

/**
 * The report is due by the end of the Nth business day after the day, in the hospital's time
 * zone, on which complete records were confirmed received.
 */
export function reportDeadline(receivedAt: Date, businessDays: number, timeZone: string): Deadline {
  const receivedOn = localDate(receivedAt, timeZone);
  const dueOn = addBusinessDays(receivedOn, businessDays);
  return { dueAt: endOfDay(dueOn, timeZone), businessDays, timeZone, provisional: true };
}
