import type { Messages } from './i18n';
import { act, fieldValue, form, h, labelled, messageRegion, showDone } from './ui';
import type { ViewContext } from './view';
import { ApiError } from './view';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Weekday = (typeof weekdays)[number];
interface HoursRange {
  readonly from: string;
  readonly to: string;
}
interface Availability {
  readonly timeZone: string;
  readonly weekly: Partial<Record<Weekday, HoursRange[]>>;
  readonly exceptions: unknown[];
}

const RANGE = /^([01]\d|2[0-3]):[03]0\s*[-–]\s*([01]\d|2[0-3]):[03]0$/;

/** A day's field as ranges: "09:00-12:00, 14:00-16:00"; undefined when it does not read so. */
export function parseDayHours(text: string): HoursRange[] | undefined {
  if (text.trim() === '') return [];
  const ranges: HoursRange[] = [];
  for (const part of text.split(',').map((piece) => piece.trim())) {
    if (!RANGE.test(part)) return undefined;
    const [from, to] = part.split(/\s*[-–]\s*/) as [string, string];
    if (from >= to) return undefined;
    ranges.push({ from, to });
  }
  return ranges;
}

const writeDayHours = (ranges: readonly HoursRange[] | undefined) =>
  (ranges ?? []).map((range) => `${range.from}-${range.to}`).join(', ');

/**
 * The signed-in coordinator's own weekly call hours (GET and PUT /availability), one field per
 * day in their own time zone; the exceptions they set through the API go back unchanged.
 * Errors stand at the day they are about, the server's (weekly.monday.0.to) included.
 */
export function callHoursSection(ctx: ViewContext, t: Messages): HTMLElement {
  const region = messageRegion();
  const section = h(
    'section',
    { class: 'card', 'aria-labelledby': 'hours-heading' },
    h('h2', { id: 'hours-heading' }, t.hoursHeading),
    h('p', { class: 'hint' }, t.hoursIntro),
    h('p', { role: 'status' }, t.loading),
  );
  void load();
  return section;

  async function load() {
    let current: Availability;
    try {
      current = (await ctx.api.get<{ availability: Availability }>('/availability')).availability;
    } catch (error) {
      section.lastElementChild?.replaceWith(
        h(
          'p',
          { role: 'alert' },
          error instanceof Error ? `${t.errorPrefix} ${error.message}` : t.networkError,
        ),
      );
      return;
    }
    const button = h('button', { type: 'submit' }, t.hoursSave) as HTMLButtonElement;
    const element = form(
      { 'aria-labelledby': 'hours-heading' },
      (submitted) => void save(submitted, button, current),
      labelled(
        t.hoursTimeZone,
        h('input', {
          type: 'text',
          name: 'timeZone',
          value: current.timeZone,
          autocomplete: 'off',
          spellcheck: 'false',
        }) as HTMLInputElement,
        { path: 'timeZone', hint: t.hoursTimeZoneHint },
      ).row,
      ...weekdays.map(
        (day) =>
          labelled(
            t.hoursDay[day] ?? day,
            h('input', {
              type: 'text',
              name: `weekly.${day}`,
              value: writeDayHours(current.weekly[day]),
              autocomplete: 'off',
              inputmode: 'numeric',
            }) as HTMLInputElement,
            { path: `weekly.${day}` },
          ).row,
      ),
      region,
      h('div', { class: 'actions' }, button),
    );
    section.lastElementChild?.replaceWith(element);
  }

  async function save(submitted: HTMLFormElement, button: HTMLButtonElement, current: Availability) {
    const weekly: Partial<Record<Weekday, HoursRange[]>> = {};
    const wrong: { path: string; message: string }[] = [];
    for (const day of weekdays) {
      const ranges = parseDayHours(fieldValue(submitted, `weekly.${day}`));
      if (!ranges) wrong.push({ path: `weekly.${day}`, message: t.hoursFormat });
      else if (ranges.length > 0) weekly[day] = ranges;
    }
    const saved = await act(
      button,
      region,
      t,
      async () => {
        if (wrong.length > 0) throw new ApiError(400, 'validation_failed', t.fieldsToFix, wrong);
        try {
          return await ctx.api.send('PUT', '/availability', {
            timeZone: fieldValue(submitted, 'timeZone'),
            weekly,
            exceptions: current.exceptions,
          });
        } catch (error) {
          // A range's error (weekly.monday.0.to) stands at its day's field.
          if (!(error instanceof ApiError)) throw error;
          throw new ApiError(
            error.status,
            error.code,
            error.message,
            error.details.map((detail) => ({
              ...detail,
              ...(detail.path?.startsWith('weekly.')
                ? { path: detail.path.split('.').slice(0, 2).join('.') }
                : {}),
            })),
          );
        }
      },
      submitted,
    );
    if (saved === undefined) {
      submitted.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    showDone(region, t.hoursSaved);
    ctx.announce(t.hoursSaved);
  }
}
