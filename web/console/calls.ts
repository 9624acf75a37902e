import { formatMoney } from '../../functions/core/money';
import { callHoursSection } from './call-hours';
import { formatInstant, messages } from './i18n';
import { act, facts, fieldValue, form, h, labelled, messageRegion, showDone } from './ui';
import type { View } from './view';

interface CallView {
  readonly bookingId: string;
  readonly start: string;
  readonly status: 'held' | 'expired' | 'confirmed' | 'cancelled';
  readonly price: { readonly currency: string; readonly amount: number };
  readonly visitor: {
    readonly fullName: string;
    readonly email: string;
    readonly country: string;
    readonly language: string;
  };
  readonly question: string;
  readonly payment?: { readonly reference: string; readonly receivedOn: string; readonly method?: string };
  readonly surplusPayment?: { readonly reference: string; readonly method: string };
  readonly caseId?: string;
}

/** What the new-case form fills in from a call (read once, then forgotten). */
export const CASE_PREFILL_KEY = 'console-case-prefill';

/**
 * The day's strategy calls (GET /bookings?date=): each call's time in the coordinator's own
 * zone, the visitor and their question; the visitor's bank transfer recorded here confirms a
 * held call; "Open a case" takes the visitor's details into the new-case form.
 */
export const callsView: View = (root, ctx) => {
  const t = messages(ctx.lang);
  const region = messageRegion();
  const today = new Date().toISOString().slice(0, 10);
  const day = h('input', { type: 'date', name: 'date', value: today }) as HTMLInputElement;
  const list = h('div', { class: 'calls' }, h('p', { role: 'status' }, t.loading));
  day.addEventListener('change', () => void load());
  root.append(
    h('h1', { tabindex: '-1' }, t.callsHeading),
    h('p', { class: 'intro' }, t.callsIntro),
    labelled(t.callsDay, day).row,
    region,
    list,
    callHoursSection(ctx, t),
  );
  void load();

  async function load() {
    try {
      const { bookings, refundsDue } = await ctx.api.get<{ bookings: CallView[]; refundsDue?: CallView[] }>(
        `/bookings?date=${encodeURIComponent(day.value || today)}`,
      );
      list.replaceChildren(
        bookings.length === 0
          ? h('p', { class: 'empty' }, t.callsNone)
          : h('ol', { class: 'call-list' }, bookings.map(call)),
        refundsDue?.length
          ? h(
              'section',
              { class: 'card', 'aria-labelledby': 'refunds-heading' },
              h('h2', { id: 'refunds-heading' }, t.callsRefunds),
              h('p', { class: 'hint' }, t.callsRefundsIntro),
              h(
                'ul',
                {},
                refundsDue.map((due) =>
                  h(
                    'li',
                    { 'data-refund': due.bookingId },
                    h(
                      'p',
                      {},
                      `${formatInstant(ctx.lang, due.start)} · ${due.visitor.fullName} <${due.visitor.email}> · ${formatMoney(due.price, 'en')} · ${(due.surplusPayment ?? due.payment)?.reference ?? ''}`,
                    ),
                    refundForm(due),
                  ),
                ),
              ),
            )
          : '',
      );
    } catch (error) {
      list.replaceChildren();
      region.dataset.kind = 'error';
      region.replaceChildren(
        h('p', {}, error instanceof Error ? `${t.errorPrefix} ${error.message}` : t.networkError),
      );
    }
  }

  /**
   * A form that posts to one of a booking's routes and, once answered, says `done` and reloads
   * the day: recording a transfer, recording a refund.
   */
  function bookingAction(options: {
    readonly label: string;
    /** Whose call: each form's name tells it from the others on the page. */
    readonly visitor: string;
    readonly path: string;
    readonly body: (submitted: HTMLFormElement) => Record<string, string>;
    readonly done: string;
    readonly fields: (HTMLElement | null)[];
  }): HTMLElement {
    const button = h('button', { type: 'submit' }, options.label) as HTMLButtonElement;
    const element = form(
      { 'aria-label': `${options.label}: ${options.visitor}` },
      (submitted) =>
        void act(
          button,
          region,
          t,
          () => ctx.api.send('POST', options.path, options.body(submitted)),
          element,
        ).then((answered) => {
          if (!answered) return;
          showDone(region, options.done);
          ctx.announce(options.done);
          void load();
        }),
      ...options.fields,
      h('div', { class: 'actions' }, button),
    );
    return element;
  }

  /** A card is refunded through Stripe at a click; a transfer is sent by hand, then recorded with its reference. */
  function refundForm(due: CallView): HTMLElement {
    const byCard = (due.surplusPayment ?? due.payment)?.method === 'card';
    return bookingAction({
      label: byCard ? t.refundByCard : t.refundRecord,
      visitor: due.visitor.fullName,
      path: `/bookings/${encodeURIComponent(due.bookingId)}/refund`,
      body: (submitted): Record<string, string> =>
        byCard ? {} : { reference: fieldValue(submitted, 'reference') },
      done: t.refundDone,
      fields: [
        byCard
          ? null
          : labelled(
              t.refundReference,
              h('input', { type: 'text', name: 'reference', autocomplete: 'off' }) as HTMLInputElement,
              { path: 'reference' },
            ).row,
      ],
    });
  }

  function call(booking: CallView): HTMLElement {
    const open = booking.caseId
      ? h('a', { href: `#/cases/${encodeURIComponent(booking.caseId)}` }, t.callCaseLink(booking.caseId))
      : h('button', { type: 'button', class: 'secondary' }, t.callOpenCase);
    if (!booking.caseId)
      open.addEventListener('click', () => {
        sessionStorage.setItem(
          CASE_PREFILL_KEY,
          JSON.stringify({ ...booking.visitor, question: booking.question, bookingId: booking.bookingId }),
        );
        ctx.navigate('/cases/new');
      });
    return h(
      'li',
      { class: 'card', 'data-booking': booking.bookingId },
      h('h2', {}, `${formatInstant(ctx.lang, booking.start)} · ${booking.visitor.fullName}`),
      facts([
        [t.callStatus, t.callStatuses[booking.status] ?? booking.status],
        [t.email, booking.visitor.email],
        [t.country, booking.visitor.country],
        [t.language, booking.visitor.language],
        [t.question, booking.question],
        [t.callPrice, formatMoney(booking.price, ctx.lang === 'zh-Hans' ? 'zh-CN' : 'en')],
        [
          t.paymentReceivedOn,
          booking.payment ? `${booking.payment.receivedOn} (${booking.payment.reference})` : null,
        ],
      ]),
      booking.status === 'held' || booking.status === 'expired' ? paymentForm(booking) : null,
      h('div', { class: 'actions' }, open),
    );
  }

  function paymentForm(booking: CallView): HTMLElement {
    return bookingAction({
      label: t.paymentRecord,
      visitor: booking.visitor.fullName,
      path: `/bookings/${encodeURIComponent(booking.bookingId)}/payment`,
      body: (submitted) => ({
        reference: fieldValue(submitted, 'reference'),
        receivedOn: fieldValue(submitted, 'receivedOn'),
      }),
      done: t.callConfirmed,
      fields: [
        labelled(
          t.paymentReference,
          h('input', { type: 'text', name: 'reference', autocomplete: 'off' }) as HTMLInputElement,
          { path: 'reference', hint: t.paymentReferenceHint(booking.bookingId) },
        ).row,
        labelled(t.paymentReceivedOn, h('input', { type: 'date', name: 'receivedOn' }) as HTMLInputElement, {
          path: 'receivedOn',
        }).row,
      ],
    });
  }
};
