/**
 * Public-holiday calendars by jurisdiction (the hospital's `calendar`, a two-letter country
 * code), as data. Adding next year's government notice is a data change here only.
 *
 * `published`: the official schedule for a year: holiday ranges (inclusive) and the weekend
 * days that are make-up workdays. `statutory`: the days the law fixes, used for a year with no
 * published schedule (weekends plus these; the deadline is then provisional, since the make-up
 * days and bridged holidays are not known yet).
 */
export interface PublishedYear {
  readonly source: string;
  readonly holidays: readonly (readonly [from: string, to: string])[];
  readonly workdays: readonly string[];
}

export interface HolidayCalendar {
  readonly name: string;
  readonly published: Readonly<Record<number, PublishedYear>>;
  readonly statutory: {
    readonly source: string;
    /** MM-DD, every year. */
    readonly fixed: readonly string[];
    /** YYYY-MM-DD of holidays that move with the lunar calendar or solar terms, by year. */
    readonly movable: Readonly<Record<number, readonly string[]>>;
  };
}

export const holidayCalendars: Readonly<Record<string, HolidayCalendar>> = {
  CN: {
    name: 'Mainland China',
    published: {
      2026: {
        source: 'State Council General Office notice on the 2026 public holiday schedule, 4 November 2025',
        holidays: [
          ['2026-01-01', '2026-01-03'], // New Year's Day
          ['2026-02-15', '2026-02-23'], // Spring Festival
          ['2026-04-04', '2026-04-06'], // Qingming
          ['2026-05-01', '2026-05-05'], // Labour Day
          ['2026-06-19', '2026-06-21'], // Dragon Boat Festival
          ['2026-09-25', '2026-09-27'], // Mid-Autumn Festival
          ['2026-10-01', '2026-10-07'], // National Day
        ],
        workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
      },
    },
    statutory: {
      source:
        'National Holidays and Memorial Days regulation as amended in 2024 (13 days: New Year 1, Spring Festival 4 from its eve, Qingming 1, Labour Day 2, Dragon Boat 1, Mid-Autumn 1, National Day 3)',
      fixed: ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'],
      // Spring Festival eve and its first three days; Qingming (solar term); Dragon Boat (5th of
      // the 5th lunar month); Mid-Autumn (15th of the 8th lunar month).
      movable: {
        2027: [
          '2027-02-05',
          '2027-02-06',
          '2027-02-07',
          '2027-02-08',
          '2027-04-05',
          '2027-06-09',
          '2027-09-15',
        ],
        2028: [
          '2028-01-25',
          '2028-01-26',
          '2028-01-27',
          '2028-01-28',
          '2028-04-04',
          '2028-05-28',
          '2028-10-03',
        ],
        2029: [
          '2029-02-12',
          '2029-02-13',
          '2029-02-14',
          '2029-02-15',
          '2029-04-04',
          '2029-06-16',
          '2029-09-22',
        ],
        2030: [
          '2030-02-02',
          '2030-02-03',
          '2030-02-04',
          '2030-02-05',
          '2030-04-05',
          '2030-06-05',
          '2030-09-12',
        ],
      },
    },
  },
};
