import { type HolidayCalendar, holidayCalendars } from './holiday-calendars';

/**
 * Business-day arithmetic in a hospital's own calendar and time zone. Dates are calendar days
 * (YYYY-MM-DD); "today" is the day an instant falls on in the hospital's time zone.
 */

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

/** A wall-clock time on a calendar day in a time zone, as ISO 8601 with that zone's offset. */
export function localTime(date: string, time: string, timeZone: string): string {
  if (!DATE.test(date)) throw new RangeError('date must be YYYY-MM-DD');
  const naiveUtc = Date.parse(`${date}T${time}Z`);
  // Two passes settle the offset even when the day itself changes offset (DST).
  let offset = offsetMinutes(new Date(naiveUtc), timeZone);
  offset = offsetMinutes(new Date(naiveUtc - offset * 60_000), timeZone);
  return `${date}T${time}${formatOffset(offset)}`;
}

/** 23:59:59 on a calendar day in a time zone. */
export function endOfDay(date: string, timeZone: string): string {
  return localTime(date, '23:59:59', timeZone);
}

export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * Which days a hospital works, from its jurisdiction's published schedule, or, for a year with
 * none, weekends and the statutory holidays (the answer is then provisional).
 */
export class BusinessCalendar {
  private readonly data: HolidayCalendar | undefined;

  constructor(readonly code: string) {
    this.data = holidayCalendars[code];
  }

  /** True when the year's official schedule is in the data. */
  isPublished(year: number): boolean {
    return this.data?.published[year] !== undefined;
  }

  isBusinessDay(date: string): boolean {
    if (!DATE.test(date)) throw new RangeError('date must be YYYY-MM-DD');
    const year = yearOf(date);
    const published = this.data?.published[year];
    if (published) {
      if (published.workdays.includes(date)) return true;
      if (published.holidays.some(([from, to]) => date >= from && date <= to)) return false;
      return !isWeekend(date);
    }
    if (isWeekend(date)) return false;
    const statutory = this.data?.statutory;
    if (!statutory) return true;
    return !(statutory.fixed.includes(date.slice(5)) || (statutory.movable[year] ?? []).includes(date));
  }

  /** The Nth business day after `date` (the day itself does not count). */
  addBusinessDays(date: string, businessDays: number): string {
    if (!Number.isInteger(businessDays) || businessDays < 1) {
      throw new RangeError('businessDays must be >= 1');
    }
    let current = date;
    let counted = 0;
    while (counted < businessDays) {
      current = addDays(current, 1);
      if (this.isBusinessDay(current)) counted += 1;
    }
    return current;
  }

  /** The last business day before `date`. */
  previousBusinessDay(date: string): string {
    let current = addDays(date, -1);
    while (!this.isBusinessDay(current)) current = addDays(current, -1);
    return current;
  }

  /**
   * Business days from `from` to `to`: those after `from` up to and including `to`; negative
   * (those after `to` up to and including `from`) when `to` is earlier.
   */
  businessDaysBetween(from: string, to: string): number {
    if (from === to) return 0;
    const [start, end, sign] = from < to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
      if (this.isBusinessDay(day)) count += 1;
    }
    return sign * count;
  }

  /** Why dates from `from` to `to` may move: no calendar, or a year not yet published. */
  provisionalReason(from: string, to: string): string | undefined {
    if (!this.data) {
      return `No holiday calendar is held for "${this.code}": the date counts weekends only and may move.`;
    }
    for (let year = yearOf(from); year <= yearOf(to); year += 1) {
      if (!this.isPublished(year)) {
        return `The ${year} public holiday schedule for ${this.data.name} is not published yet: the date counts weekends and statutory holidays only and may move.`;
      }
    }
    return undefined;
  }
}

export interface Deadline {
  /** The day, in the hospital's time zone, complete records were confirmed received. */
  readonly receivedOn: string;
  /** The due day; the report is due by its end. */
  readonly dueOn: string;
  readonly dueAt: string;
  /** The turnaround the deadline was computed with (extensions add to it). */
  readonly businessDays: number;
  readonly timeZone: string;
  readonly calendar: string;
  /** True when a year in the range has no published schedule (or no calendar is held). */
  readonly provisional: boolean;
  /** For the coordinator: why the date may move. */
  readonly warning?: string;
}

function deadlineFor(
  receivedOn: string,
  businessDays: number,
  timeZone: string,
  calendar: BusinessCalendar,
): Deadline {
  const dueOn = calendar.addBusinessDays(receivedOn, businessDays);
  // Only the days counted matter: those after the receipt day up to the due day.
  const warning = calendar.provisionalReason(addDays(receivedOn, 1), dueOn);
  return {
    receivedOn,
    dueOn,
    dueAt: endOfDay(dueOn, timeZone),
    businessDays,
    timeZone,
    calendar: calendar.code,
    provisional: warning !== undefined,
    ...(warning ? { warning } : {}),
  };
}

/**
 * The report is due by the end of the Nth business day after the day, in the hospital's time
 * zone and calendar, on which complete records were confirmed received.
 */
export function reportDeadline(
  receivedAt: Date,
  businessDays: number,
  timeZone: string,
  calendarCode: string,
): Deadline {
  return deadlineFor(
    localDate(receivedAt, timeZone),
    businessDays,
    timeZone,
    new BusinessCalendar(calendarCode),
  );
}

/** The same deadline moved by more business days (an extension the hospital asked for). */
export function extendDeadline(deadline: Deadline, extraBusinessDays: number): Deadline {
  return deadlineFor(
    deadline.receivedOn,
    deadline.businessDays + extraBusinessDays,
    deadline.timeZone,
    new BusinessCalendar(deadline.calendar),
  );
}

/** Business days from today (in the hospital's zone) to the due day; negative once overdue. */
export function businessDaysLeft(deadline: Deadline, now: Date): number {
  return new BusinessCalendar(deadline.calendar).businessDaysBetween(
    localDate(now, deadline.timeZone),
    deadline.dueOn,
  );
}
