import { formatMoney, parseDecimalAmount } from '../../../functions/core/money';
import type { CaseView, HospitalsList } from '../api-types';
import { formatDay } from '../i18n';
import {
  act,
  FORM_CHECK,
  facts,
  fieldValue,
  form,
  h,
  labelled,
  messageRegion,
  section,
  showDone,
  showError,
} from '../ui';
import { ApiError } from '../view';
import { isCollecting, type SectionFactory } from './section';

type QuoteView = CaseView['quotes'][number];

/**
 * The review's quote and its payment (POST /cases/{id}/quote, /quote/payment, /quote/waiver,
 * /quote/refund): issued for a hospital with a fee schedule once the records are sufficient,
 * paid by a bank transfer the coordinator records here (or waived with a reason), refunded with
 * a credit note before submission; every receipt and credit note downloads from here.
 */
export const paymentSection: SectionFactory = ({ ctx, t, caseId, reload, hospitalName }) => ({
  column: 'main',
  key: (view) => JSON.stringify([view.status, view.quotes, view.consent?.hospitalId]),
  draw: (view) => {
    const region = messageRegion();
    const path = (suffix: string) => `/cases/${encodeURIComponent(caseId)}${suffix}`;
    const current = [...view.quotes].reverse().find((quote) => quote.status !== 'withdrawn');
    const money = (quote: QuoteView, amount: number) =>
      formatMoney({ currency: quote.currency, amount }, ctx.lang === 'zh-Hans' ? 'zh-CN' : 'en');
    const done = async (message: string) => {
      showDone(region, message);
      ctx.announce(message);
      await reload();
    };

    const issueForm = () => {
      const choice = h(
        'select',
        { name: 'hospitalId' },
        h('option', { value: '' }, t.loading),
      ) as HTMLSelectElement;
      const { row } = labelled(t.quoteHospital, choice, { path: 'hospitalId' });
      const button = h(
        'button',
        { type: 'submit' },
        current ? t.quoteReissue : t.quoteIssue,
      ) as HTMLButtonElement;
      const element = form(
        { 'aria-label': t.quoteIssue },
        () =>
          void act(
            button,
            region,
            t,
            () => ctx.api.send('POST', path('/quote'), { hospitalId: choice.value }),
            element,
          ).then((issued) => (issued ? done(t.quoteIssued) : undefined)),
        row,
        h('div', { class: 'actions' }, button),
      );
      void (async () => {
        try {
          const { hospitals } = await ctx.api.get<HospitalsList>('/hospitals');
          const charging = hospitals.filter(
            (hospital) => hospital.fees && hospital.cancerTypes?.includes(view.cancerType),
          );
          if (charging.length === 0) {
            element.replaceChildren(h('p', { class: 'hint' }, t.quoteNoSchedules));
            return;
          }
          choice.replaceChildren(
            ...charging.map((hospital) =>
              h(
                'option',
                { value: hospital.hospitalId, selected: hospital.hospitalId === view.consent?.hospitalId },
                hospital.name,
              ),
            ),
          );
        } catch (error) {
          showError(region, t, error);
        }
      })();
      return element;
    };

    const lines = (quote: QuoteView) =>
      h(
        'table',
        { class: 'quote-lines' },
        h(
          'caption',
          {},
          t.quoteOf(hospitalName(quote.hospitalId), t.quoteStatus[quote.status] ?? quote.status),
        ),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t.quoteItem),
            h('th', { scope: 'col' }, t.quoteQuantity),
            h('th', { scope: 'col', class: 'amount' }, t.quoteAmount),
          ),
        ),
        h(
          'tbody',
          {},
          quote.lines.map((line) =>
            h(
              'tr',
              {},
              h('td', {}, t.quoteLines[line.code] ?? line.code),
              h('td', {}, String(line.quantity)),
              h('td', { class: 'amount' }, money(quote, line.amount)),
            ),
          ),
        ),
        h(
          'tfoot',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'row', colspan: '2' }, t.quoteTotal),
            h('td', { class: 'amount' }, money(quote, quote.total)),
          ),
        ),
      );

    const transferForm = (quote: QuoteView) => {
      const reference = h('input', {
        type: 'text',
        name: 'reference',
        autocomplete: 'off',
      }) as HTMLInputElement;
      const received = h('input', { name: 'receivedOn', type: 'date' }) as HTMLInputElement;
      const amount = h('input', {
        name: 'amount',
        inputmode: 'decimal',
        value: money(quote, quote.total).replace(/[^\d.,]/g, ''),
      }) as HTMLInputElement;
      const button = h('button', { type: 'submit' }, t.paymentRecord) as HTMLButtonElement;
      const element = form(
        { 'aria-label': t.paymentRecord },
        (submitted) =>
          void act(
            button,
            region,
            t,
            () => {
              const minor = parseDecimalAmount(fieldValue(submitted, 'amount'), quote.currency);
              if (minor === undefined)
                throw new ApiError(400, FORM_CHECK, t.fieldsToFix, [
                  { path: 'amount', message: t.paymentAmountInvalid },
                ]);
              return ctx.api.send('POST', path('/quote/payment'), {
                quoteId: quote.quoteId,
                method: 'bank-transfer',
                reference: fieldValue(submitted, 'reference'),
                currency: quote.currency,
                amount: minor,
                receivedOn: fieldValue(submitted, 'receivedOn'),
              });
            },
            element,
          ).then((paid) => (paid ? done(t.paymentRecorded) : undefined)),
        h('h3', {}, t.paymentRecord),
        labelled(t.paymentReference, reference, {
          path: 'reference',
          hint: t.paymentReferenceHint(quote.quoteId),
        }).row,
        labelled(t.paymentReceivedOn, received, { path: 'receivedOn' }).row,
        labelled(t.paymentAmount(quote.currency), amount, { path: 'amount' }).row,
        h('div', { class: 'actions' }, button),
      );
      return element;
    };

    const reasonForm = (
      heading: string,
      button: string,
      route: string,
      body: (submitted: HTMLFormElement) => Record<string, string>,
      done_: string,
      withReference: boolean,
    ) => {
      const submit = h('button', { type: 'submit', class: 'secondary' }, button) as HTMLButtonElement;
      const element = form(
        { 'aria-label': heading },
        (submitted) =>
          void act(submit, region, t, () => ctx.api.send('POST', path(route), body(submitted)), element).then(
            (result) => (result ? done(done_) : undefined),
          ),
        labelled(t.reason, h('textarea', { name: 'reason', rows: 2 }) as HTMLTextAreaElement, {
          path: 'reason',
        }).row,
        withReference
          ? labelled(
              t.refundReference,
              h('input', { type: 'text', name: 'reference', autocomplete: 'off' }) as HTMLInputElement,
              {
                path: 'reference',
              },
            ).row
          : null,
        h('div', { class: 'actions' }, submit),
      );
      // Rarely needed: folded under its name, so the common path stays short.
      return h('details', { class: 'more-action' }, h('summary', {}, heading), element);
    };

    const downloads = (quote: QuoteView) =>
      quote.receipts.map((receipt) => {
        const button = h(
          'button',
          { type: 'button', class: 'secondary' },
          receipt.kind === 'receipt'
            ? t.receiptDownload(receipt.number)
            : t.creditNoteDownload(receipt.number),
        ) as HTMLButtonElement;
        button.addEventListener(
          'click',
          () =>
            void act(button, region, t, () =>
              ctx.api.get<{ url: string }>(path(`/receipts/${encodeURIComponent(receipt.number)}`)),
            ).then((link) => {
              if (link) window.location.assign(link.url);
            }),
        );
        return button;
      });

    const body: (Node | null)[] = [];
    if (!current) {
      if (!isCollecting(view)) return null;
      body.push(h('p', { class: 'hint' }, t.quoteIntro), issueForm());
    } else {
      body.push(
        lines(current),
        facts([
          [t.quoteValidUntil, formatDay(ctx.lang, current.validUntil)],
          [
            t.quoteAcceptedOn,
            current.acceptedAt ? formatDay(ctx.lang, current.acceptedAt) : t.quoteNotAccepted,
          ],
          [
            t.paymentReceivedOn,
            current.payment ? `${current.payment.receivedOn} (${current.payment.reference})` : null,
          ],
          [t.waivedBecause, current.waiver && 'reason' in current.waiver ? current.waiver.reason : null],
          [
            t.refundedOn,
            current.refund ? `${formatDay(ctx.lang, current.refund.at)} (${current.refund.reference})` : null,
          ],
        ]),
        h('div', { class: 'actions' }, ...downloads(current)),
      );
      const open = current.status === 'issued' || current.status === 'accepted';
      if (open && isCollecting(view)) {
        body.push(
          transferForm(current),
          reasonForm(
            t.paymentWaive,
            t.paymentWaive,
            '/quote/waiver',
            (f) => ({ quoteId: current.quoteId, reason: fieldValue(f, 'reason') }),
            t.paymentWaived,
            false,
          ),
        );
      }
      const refundable =
        current.status === 'paid' &&
        (isCollecting(view) || (view.status === 'cancelled' && view.submission === 0));
      if (refundable) {
        body.push(
          reasonForm(
            t.refund,
            t.refund,
            '/quote/refund',
            (f) => ({
              quoteId: current.quoteId,
              reason: fieldValue(f, 'reason'),
              reference: fieldValue(f, 'reference'),
            }),
            t.refunded,
            true,
          ),
        );
      }
      if (isCollecting(view) && current.status !== 'paid' && current.status !== 'waived')
        body.push(issueForm());
    }
    // Earlier quotes (withdrawn, refunded) keep their documents downloadable.
    const earlier = view.quotes.filter((quote) => quote !== current && quote.receipts.length > 0);
    if (earlier.length > 0) body.push(h('div', { class: 'actions' }, ...earlier.flatMap(downloads)));
    return section('payment', t.paymentHeading, ...body, region);
  },
});
