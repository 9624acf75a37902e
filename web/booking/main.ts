import './styles.css';
import { MessageCatalogue } from '../../functions/core/message-catalogue';
import { formatMoney } from '../../functions/core/money';
import {
  type PatientLanguageTag,
  patientLanguageOf,
  patientLanguages,
} from '../../functions/core/patient-languages';
import { ApiError, PatientApi } from '../patient/api';
import { h, status, uniqueId } from '../patient/dom';
import { type BookingKey, bookingCatalogues, bookingSource } from './catalogues';

interface Slots {
  readonly price: { readonly currency: string; readonly amount: number };
  /** Whether the call can be paid by card (Stripe Checkout) as well as by transfer. */
  readonly cardPayments?: boolean;
  readonly slots: readonly { readonly start: string }[];
}
interface Held {
  readonly booking: { readonly bookingId: string; readonly start: string; readonly holdExpiresAt: string };
  readonly bankTransfer?: { readonly details: readonly string[]; readonly reference: string };
  readonly manageLink?: string;
}
interface Managed {
  readonly bookingId: string;
  readonly start: string;
  readonly status: 'held' | 'expired' | 'confirmed' | 'cancelled';
  readonly refundable?: boolean;
  readonly refundDue?: boolean;
}

const LANGUAGE_KEY = 'booking-language';
// The visitor's own zone: every time is shown in it, whatever the coordinators' zones are.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
// No token: the booking routes are public. PatientApi sends none when given none.
const api = new PatientApi('');
const main = document.getElementById('main') as HTMLElement;

let language: PatientLanguageTag = initialLanguage();
let catalogue = catalogueFor(language);
let offer: Slots | undefined;
let chosenDay: string | undefined;
let held: Held | undefined;
/** The visitor's personal link's token, moved from the fragment to this tab's session storage. */
const LINK_KEY = 'booking-link';
let linkToken = takeLinkToken();
let managed: Managed | undefined;
let manageNotice: string | undefined;
/** Why the personal link opened nothing; kept as state so a later render (slots arriving) keeps it. */
let linkProblem: 'linkInvalid' | 'networkError' | undefined;

function takeLinkToken(): string | undefined {
  const match = /^#manage=(bt_[A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(LINK_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname);
    return match[1];
  }
  return sessionStorage.getItem(LINK_KEY) ?? undefined;
}

function initialLanguage(): PatientLanguageTag {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved && patientLanguages.some((entry) => entry.tag === saved)) return saved as PatientLanguageTag;
  for (const tag of navigator.languages) {
    const found = patientLanguageOf(tag);
    if (found.tag !== 'en' || tag.toLowerCase().startsWith('en')) return found.tag as PatientLanguageTag;
  }
  return 'en';
}
function catalogueFor(tag: PatientLanguageTag) {
  return new MessageCatalogue(tag, bookingCatalogues[tag], bookingSource);
}
const t = (key: BookingKey, values: Record<string, string> = {}) => catalogue.format(key, values);
const price = () => (offer ? formatMoney(offer.price, language) : '');
const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
const dayLabel = (iso: string) =>
  new Intl.DateTimeFormat(language, {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(iso));
const timeLabel = (iso: string) =>
  new Intl.DateTimeFormat(language, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  );

function render() {
  const dir = patientLanguageOf(language).dir;
  document.documentElement.lang = language;
  document.documentElement.dir = dir;
  document.title = t('title');
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('skipToContent');
  const select = h(
    'select',
    { id: 'language', onchange: () => switchLanguage(select.value as PatientLanguageTag) },
    patientLanguages.map((entry) =>
      h(
        'option',
        { value: entry.tag, lang: entry.tag, dir: entry.dir, selected: entry.tag === language },
        entry.name,
      ),
    ),
  ) as HTMLSelectElement;
  const header = h(
    'header',
    { class: 'page-header' },
    h('div', { class: 'languages' }, h('label', { for: 'language' }, t('languageLabel')), select),
    h('h1', {}, t('title')),
    offer ? h('p', {}, t('intro', { price: price() })) : null,
  );
  if (linkProblem) {
    main.replaceChildren(header, h('p', { role: 'alert' }, t(linkProblem)));
    return;
  }
  main.replaceChildren(header, linkToken ? manageSection() : held ? heldSection(held) : bookingSection());
}

function switchLanguage(tag: PatientLanguageTag) {
  language = tag;
  catalogue = catalogueFor(tag);
  localStorage.setItem(LANGUAGE_KEY, tag);
  render();
  document.getElementById('language')?.focus();
}

/** The day list and the free times of the chosen day (radio buttons in `.times`). */
function timePicker(): HTMLElement[] {
  if (!offer) return [];
  const days = [...new Set(offer.slots.map((slot) => dayOf(slot.start)))];
  if (!chosenDay || !days.includes(chosenDay)) chosenDay = days[0];
  const daySelect = h(
    'select',
    {
      id: 'day',
      onchange: () => {
        chosenDay = daySelect.value;
        render();
        document.getElementById('day')?.focus();
      },
    },
    days.map((day) => {
      const first = offer!.slots.find((slot) => dayOf(slot.start) === day)!;
      return h('option', { value: day, selected: day === chosenDay }, dayLabel(first.start));
    }),
  ) as HTMLSelectElement;
  const name = uniqueId('slot');
  const times = h(
    'fieldset',
    { class: 'times' },
    // The radios' group is named by the day they are on (the section's heading asks for a time).
    h('legend', {}, dayLabel(offer.slots.find((slot) => dayOf(slot.start) === chosenDay)!.start)),
    offer.slots
      .filter((slot) => dayOf(slot.start) === chosenDay)
      .map((slot) => {
        const id = uniqueId('time');
        return h(
          'div',
          { class: 'choice' },
          h('input', { type: 'radio', id, name, value: slot.start }),
          h('label', { for: id }, timeLabel(slot.start)),
        );
      }),
  );
  return [h('div', { class: 'field' }, h('label', { for: 'day' }, t('chooseDay')), daySelect), times];
}

function bookingSection(): HTMLElement {
  if (!offer) return h('p', { role: 'status' }, t('loading'));
  if (offer.slots.length === 0) return h('section', { class: 'card' }, h('p', {}, t('noSlots')));
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const result = h('p', { role: 'status', class: 'form-status' });
  const field = (key: BookingKey, control: HTMLElement, path: string, hint?: string) => {
    const id = uniqueId('field');
    control.id = id;
    control.setAttribute('name', path);
    const hintId = hint ? `${id}-hint` : undefined;
    control.setAttribute('aria-describedby', [hintId, `${id}-error`].filter(Boolean).join(' '));
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, t(key)),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
      control,
      h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': path }),
    );
  };
  const languageSelect = h(
    'select',
    {},
    patientLanguages.map((entry) =>
      h('option', { value: entry.tag, selected: entry.tag === language }, entry.name),
    ),
  );
  const form = h(
    'form',
    { novalidate: true },
    summary,
    h('h2', {}, t('aboutYou')),
    field('fullName', h('input', { type: 'text', autocomplete: 'name', required: true }), 'fullName'),
    field('email', h('input', { type: 'email', autocomplete: 'email', required: true }), 'email'),
    field('country', h('input', { type: 'text', autocomplete: 'country-name', required: true }), 'country'),
    field('callLanguage', languageSelect, 'language'),
    field('question', h('textarea', { rows: 3, required: true }), 'question', t('questionHint')),
    h('button', { type: 'submit' }, t('hold')),
    result,
  ) as HTMLFormElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void hold(form, summary, result);
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'slots-heading' },
    h('h2', { id: 'slots-heading' }, t('chooseTime')),
    h('p', { class: 'hint' }, t('timesIn', { zone })),
    h('div', { class: 'picker' }, ...timePicker()),
    form,
  );
}

function showFieldErrors(form: HTMLFormElement, summary: HTMLElement, errors: Record<string, string>) {
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    slot.textContent = errors[slot.dataset.errorFor ?? ''] ?? '';
    const control = form.querySelector(`[name="${slot.dataset.errorFor}"]`);
    if (errors[slot.dataset.errorFor ?? '']) control?.setAttribute('aria-invalid', 'true');
    else control?.removeAttribute('aria-invalid');
  }
  const count = Object.keys(errors).length;
  summary.hidden = count === 0;
  summary.textContent = count ? t('fixFields') : '';
  if (count) summary.focus();
}

async function hold(form: HTMLFormElement, summary: HTMLElement, result: HTMLElement) {
  const start = main.querySelector<HTMLInputElement>('.times input:checked')?.value;
  const value = (name: string) =>
    (
      form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`)
        ?.value ?? ''
    ).trim();
  const body = {
    start: start ?? '',
    fullName: value('fullName'),
    email: value('email'),
    country: value('country'),
    language: value('language'),
    question: value('question'),
    timeZone: zone,
  };
  const errors: Record<string, string> = {};
  for (const key of ['fullName', 'email', 'country', 'question'] as const)
    if (!body[key]) errors[key] = t('fieldRequired');
  showFieldErrors(form, summary, errors);
  if (!start) {
    status(result, t('chooseTimeFirst'), 'error');
    main.querySelector<HTMLInputElement>('.times input')?.focus();
    return;
  }
  if (Object.keys(errors).length) return;
  status(result, t('sending'));
  try {
    held = await api.call<Held>('POST', '/booking/holds', body);
    render();
    main.querySelector<HTMLElement>('#held-heading')?.focus();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'slot_taken') {
      status(result, t('slotTaken'), 'error');
      await refreshTimes();
      return;
    }
    if (error instanceof ApiError && error.details.length) {
      showFieldErrors(
        form,
        summary,
        Object.fromEntries(error.details.map((detail) => [detail.path ?? '', t('fieldInvalid')])),
      );
    }
    status(
      result,
      error instanceof ApiError
        ? error.code === 'booking_off'
          ? t('bookingOff')
          : error.message
        : t('networkError'),
      'error',
    );
  }
}

function heldSection({ booking, bankTransfer, manageLink }: Held): HTMLElement {
  const when = `${dayLabel(booking.start)}, ${timeLabel(booking.start)}`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'held-heading' },
    h('h2', { id: 'held-heading', tabindex: '-1' }, t('heldHeading')),
    h('p', { role: 'status' }, t('heldFor', { time: when })),
    h('p', {}, t('bookingNumber'), ': ', h('strong', { class: 'reference', dir: 'ltr' }, booking.bookingId)),
    bankTransfer
      ? h(
          'div',
          {},
          h('p', {}, t('payIntro', { price: price() })),
          h(
            'address',
            { class: 'bank-details', lang: 'en', dir: 'ltr' },
            ...bankTransfer.details.flatMap((line) => [line, h('br', {})]),
          ),
          h(
            'p',
            {},
            t('payReference'),
            ' ',
            h('strong', { class: 'reference', dir: 'ltr' }, bankTransfer.reference),
          ),
        )
      : null,
    h('p', {}, t('payNext')),
    manageLink ? cardPayment(manageLink.split('#manage=')[1] ?? '') : null,
    manageLink
      ? h(
          'p',
          {},
          t('keepLink'),
          ' ',
          h('a', { href: manageLink, class: 'reference', dir: 'ltr' }, manageLink),
        )
      : null,
  );
}

const when = (iso: string) => `${dayLabel(iso)}, ${timeLabel(iso)}`;

/**
 * Paying by card where the deployment takes cards: Stripe Checkout's page opens; the call is
 * confirmed when Stripe tells the server the payment went through, and this page shows it on
 * return (the link's token is still in this tab).
 */
function cardPayment(token: string): HTMLElement | null {
  if (!offer?.cardPayments || !token) return null;
  const result = h('p', { role: 'status', class: 'form-status' });
  const button = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        status(result, t('openingPayment'));
        try {
          const { url } = await api.call<{ url: string }>('POST', '/booking/manage/checkout', { token });
          sessionStorage.setItem(LINK_KEY, token);
          window.location.assign(url);
        } catch {
          status(result, t('networkError'), 'error');
        }
      },
    },
    t('payByCard', { price: price() }),
  );
  return h('div', { class: 'card-payment' }, h('p', {}, t('payByCardIntro')), h('p', {}, button), result);
}

/** The call the visitor's personal link opens: its time and status; move it, or cancel it. */
function manageSection(): HTMLElement {
  const heading = h('h2', { id: 'manage-heading', tabindex: '-1' }, t('manageHeading'));
  if (!managed)
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'manage-heading' },
      heading,
      h('p', { role: 'status' }, t('loading')),
    );
  const result = h('p', { role: 'status', class: 'form-status' });
  const status_ =
    managed.status === 'cancelled'
      ? t('manageCancelled')
      : managed.status === 'confirmed'
        ? t('manageConfirmed')
        : t('manageHeld');
  const open = managed.status !== 'cancelled';
  const cancel = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => void act('/booking/manage/cancel', {}, result) },
    t('cancelCall'),
  );
  const move = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        const start = main.querySelector<HTMLInputElement>('.times input:checked')?.value;
        if (!start) {
          status(result, t('chooseTimeFirst'), 'error');
          return;
        }
        void act('/booking/manage/reschedule', { start }, result);
      },
    },
    t('moveCall'),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'manage-heading' },
    heading,
    manageNotice ? h('p', { role: 'status', class: 'notice' }, manageNotice) : null,
    h('p', {}, t('manageWhen', { time: when(managed.start) })),
    h('p', {}, status_),
    managed.status === 'held' || managed.status === 'expired' ? cardPayment(linkToken ?? '') : null,
    open ? h('p', {}, managed.refundable ? t('manageRefund') : t('manageNoRefund')) : null,
    open ? h('p', {}, cancel) : null,
    open && offer ? h('h3', {}, t('moveHeading')) : null,
    ...(open ? timePicker() : []),
    open && offer ? h('p', {}, move) : null,
    result,
  );
}

async function act(path: string, extra: Record<string, string>, result: HTMLElement) {
  status(result, t('sending'));
  try {
    const { booking } = await api.call<{ booking: Managed }>('POST', path, { token: linkToken, ...extra });
    manageNotice =
      booking.status === 'cancelled'
        ? booking.refundDue
          ? t('cancelledRefund')
          : t('manageCancelled')
        : t('moved', { time: when(booking.start) });
    await loadManaged();
    await loadSlots();
    main.querySelector<HTMLElement>('#manage-heading')?.focus();
  } catch (error) {
    status(
      result,
      error instanceof ApiError && error.code === 'slot_taken' ? t('slotTaken') : t('networkError'),
      'error',
    );
  }
}

async function loadManaged() {
  try {
    managed = (await api.call<{ booking: Managed }>('POST', '/booking/manage', { token: linkToken })).booking;
  } catch (error) {
    sessionStorage.removeItem(LINK_KEY);
    linkToken = undefined;
    linkProblem =
      error instanceof ApiError && (error.status === 404 || error.status === 400)
        ? 'linkInvalid'
        : 'networkError';
    render();
    return false;
  }
  linkProblem = undefined;
  render();
  return true;
}

/**
 * The free times asked for again after one was taken, put in place of the old ones only: what
 * the visitor typed and the message saying why stay as they are.
 */
async function refreshTimes() {
  try {
    offer = await api.call<Slots>('GET', '/booking/slots');
  } catch {
    return;
  }
  main.querySelector('.picker')?.replaceChildren(...timePicker());
}

async function loadSlots() {
  try {
    offer = await api.call<Slots>('GET', '/booking/slots');
  } catch (error) {
    main.replaceChildren(
      h('h1', {}, t('title')),
      h(
        'p',
        { role: 'alert' },
        error instanceof ApiError && error.code === 'booking_off' ? t('bookingOff') : t('networkError'),
      ),
    );
    return;
  }
  render();
}

// Following one's own link from the held view changes only the fragment: open the booking then.
window.addEventListener('hashchange', () => {
  const token = takeLinkToken();
  if (token && token !== linkToken) {
    linkToken = token;
    void loadManaged();
  }
});

render();
void (async () => {
  if (linkToken && !(await loadManaged())) return;
  await loadSlots();
})();
