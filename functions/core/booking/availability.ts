import { addDays, localDate, localTime } from '../business-days';

/**
 * Strategy-call slots from the coordinators' weekly hours and their exceptions, each in the
 * coordinator's own time zone. A slot is 30 minutes and starts on the hour or half hour of the
 * coordinator's wall clock; its instant is computed in that zone on that day, so a
 * daylight-saving change moves it in UTC exactly as it moves for the coordinator. A wall time the
 * change skips (the spring gap) starts no slot, and a repeated one (the autumn overlap) starts
 * one slot, at its first occurrence.
 */

export const SLOT_MINUTES = 30;

export const weekdays = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof weekdays)[number];

/** Wall-clock hours, HH:MM to HH:MM (to after from). */
export interface HoursRange {
  readonly from: string;
  readonly to: string;
}

export interface Availability {
  readonly timeZone: string;
  readonly weekly: Readonly<Partial<Record<Weekday, readonly HoursRange[]>>>;
  /** Days that differ from the week (a holiday: no hours; a Saturday clinic: its hours). */
  readonly exceptions: readonly { readonly date: string; readonly hours: readonly HoursRange[] }[];
}

export interface CoordinatorAvailability {
  readonly coordinatorId: string;
  readonly availability: Availability;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The wall-clock HH:MM an instant shows in a time zone. */
function wallTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('hour')}:${get('minute')}`;
}

/** The instant a wall time on a day is in a zone, or undefined where the day has no such time. */
function instantOf(date: string, time: string, timeZone: string): Date | undefined {
  const instant = new Date(localTime(date, `${time}:00`, timeZone));
  return localDate(instant, timeZone) === date && wallTime(instant, timeZone) === time ? instant : undefined;
}

/** The hours a coordinator keeps on a calendar day of their own zone. */
export function hoursOn(availability: Availability, date: string): readonly HoursRange[] {
  const exception = availability.exceptions.find((candidate) => candidate.date === date);
  if (exception) return exception.hours;
  const weekday = weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
  return availability.weekly[weekday] ?? [];
}

/** The UTC starts (ISO) of a coordinator's slots that begin within [from, to). */
export function slotStarts(availability: Availability, from: Date, to: Date): string[] {
  const { timeZone } = availability;
  const starts: string[] = [];
  const last = localDate(to, timeZone);
  for (let date = localDate(from, timeZone); date <= last; date = addDays(date, 1)) {
    for (const range of hoursOn(availability, date)) {
      // The range's end as an instant (a wall time the change skips maps past the gap).
      const rangeEnd = Date.parse(localTime(date, `${range.to}:00`, timeZone));
      for (
        let minute = minutesOf(range.from);
        minute + SLOT_MINUTES <= minutesOf(range.to);
        minute += SLOT_MINUTES
      ) {
        const start = instantOf(date, timeOf(minute), timeZone);
        // A start the change skips offers no slot; one the change shortens the range under is cut.
        if (!start || start.getTime() + SLOT_MINUTES * 60_000 > rangeEnd) continue;
        if (start >= from && start < to) starts.push(start.toISOString());
      }
    }
  }
  return [...new Set(starts)].sort();
}

export interface FreeSlot {
  /** UTC, ISO 8601. */
  readonly start: string;
  /** Who is free then, in a stable order: a hold takes the first one it can claim. */
  readonly coordinatorIds: readonly string[];
}

/**
 * The slots a visitor may book in [from, to): at least `leadMinutes` after now, and kept free by
 * at least one coordinator (`taken` holds `<coordinatorId> <start>` of live holds and bookings).
 */
export function freeSlots(
  coordinators: readonly CoordinatorAvailability[],
  taken: ReadonlySet<string>,
  window: { readonly from: Date; readonly to: Date; readonly now: Date; readonly leadMinutes: number },
): FreeSlot[] {
  const earliest = new Date(
    Math.max(window.from.getTime(), window.now.getTime() + window.leadMinutes * 60_000),
  );
  const byStart = new Map<string, string[]>();
  for (const { coordinatorId, availability } of [...coordinators].sort((a, b) =>
    a.coordinatorId.localeCompare(b.coordinatorId),
  )) {
    for (const start of slotStarts(availability, earliest, window.to)) {
      if (taken.has(`${coordinatorId} ${start}`)) continue;
      byStart.set(start, [...(byStart.get(start) ?? []), coordinatorId]);
    }
  }
  return [...byStart.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, coordinatorIds]) => ({ start, coordinatorIds }));
}
