import { readFileSync } from 'node:fs';
import { addTimelineEvent, type CaseChanges, mutateCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import { claimNumber, type Series } from '../adapters/invoice-numbers';
import { headObject, presignDownload, putGenerated } from '../adapters/record-store';
import { assetPath, ConfigurationError, setting } from '../adapters/settings';
import type { Actor } from '../core/actor';
import type { CardPayment } from '../core/case/card-payment';
import {
  findIssuedDocument,
  type ProviderDetails,
  receiptDocument,
  receiptVariant,
} from '../core/case/payment-receipt';
import {
  decideAcceptance,
  decidePayment,
  type InvoiceNumber,
  type Quote,
  withCurrentQuote,
} from '../core/case/quote';
import type { CaseRecord } from '../core/case/record';
import { NotFoundError } from '../core/errors';
import { formatMoney } from '../core/money';
import { objectKeys } from '../core/object-keys';
import { type ReceiptFonts, renderReceiptPdf } from '../core/receipt-pdf';
import { auditAction } from './case-access';

/** Replaces one of the case's quotes (by id) with its next state. */
export function replaceQuote(record: CaseRecord, next: Quote): readonly Quote[] {
  return (record.quotes ?? []).map((quote) => (quote.quoteId === next.quoteId ? next : quote));
}

/**
 * Changes the case's quotes by a decision made on what was read (conditional on the version,
 * decided again on a lost race), then records it in the timeline and the audit log. `decide`
 * returns the quote as it should be and whether that is a change.
 */
export async function changeQuote(
  caseId: string,
  change: {
    readonly actor: Actor;
    readonly action: string;
    readonly decide: (record: CaseRecord) => { quote: Quote; changed: boolean; quotes?: readonly Quote[] };
    readonly timeline: (quote: Quote) => { type: string; detail: string };
  },
): Promise<{ quote: Quote; changed: boolean; record: CaseRecord }> {
  const outcome = await mutateCase(caseId, (record) => {
    const decision = change.decide(record);
    const changes: CaseChanges | undefined = decision.changed
      ? { set: { quotes: decision.quotes ?? replaceQuote(record, decision.quote) } }
      : undefined;
    return { ...(changes ? { changes } : {}), result: decision };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  const { quote, changed } = outcome.result;
  if (changed) {
    const { type, detail } = change.timeline(quote);
    await addTimelineEvent(caseId, type, detail);
    await auditAction(caseId, change.actor, change.action, quote.quoteId);
  }
  return { quote, changed, record: outcome.record };
}

/**
 * A `decide` for changeQuote from a decision that returns the current quote as it should be: a
 * change when its status moved (a repeat of an acceptance, waiver or refund changes nothing).
 */
export const byStatus =
  (next: (record: CaseRecord) => Quote) =>
  (record: CaseRecord): { quote: Quote; changed: boolean } => {
    const before = record.quotes?.at(-1);
    const quote = next(record);
    return { quote, changed: before?.status !== quote.status };
  };

/** The patient accepts the quote their page shows (a repeat changes nothing). */
export async function acceptQuote(actor: Actor, caseId: string, quoteId: string, now: Date): Promise<Quote> {
  const { quote } = await changeQuote(caseId, {
    actor,
    action: 'quote.accept',
    decide: byStatus((current) => decideAcceptance(current, quoteId, now)),
    timeline: (accepted) => ({
      type: 'quote-accepted',
      detail: `The patient accepted the quote (${quoteAmount(accepted)}).`,
    }),
  });
  return quote;
}

export const quoteAmount = (quote: Quote) =>
  formatMoney({ currency: quote.currency, amount: quote.total }, 'en');

/**
 * Gives a paid quote its invoice number and a refunded one its credit-note number, from the
 * gapless yearly sequences (the year of the payment's or refund's recording, UTC). Idempotent:
 * a retry after a crash finds the number already claimed for the payment and records it.
 */
export async function issueNumbers(caseId: string, quote: Quote): Promise<Quote> {
  let current = quote;
  for (const document of numberedDocuments) {
    const owner = document.owner(current);
    if (!owner) continue;
    const number = await claimNumber(document.series, Number(owner.at.slice(0, 4)), { ...owner, caseId });
    const outcome = await mutateCase(caseId, (record) => {
      const stored = record.quotes?.find((candidate) => candidate.quoteId === current.quoteId);
      if (!stored) throw new Error('quote vanished while numbering it');
      const next = document.owner(stored) ? document.assign(stored, number) : undefined;
      return next
        ? { changes: { set: { quotes: replaceQuote(record, next) } }, result: next }
        : { result: stored };
    });
    if (!outcome) throw new NotFoundError('No such case.');
    current = outcome.result;
  }
  return current;
}

/** The documents a quote is numbered for: who owns the number while it has none, and where it goes. */
const numberedDocuments: readonly {
  readonly series: Series;
  readonly owner: (quote: Quote) => { ownerId: string; at: string } | undefined;
  readonly assign: (quote: Quote, number: InvoiceNumber) => Quote;
}[] = [
  {
    series: 'INV',
    owner: ({ payment }) =>
      payment && !payment.invoice ? { ownerId: payment.paymentId, at: payment.recordedAt } : undefined,
    assign: (quote, invoice) => ({ ...quote, payment: { ...quote.payment!, invoice } }),
  },
  {
    series: 'CN',
    owner: ({ refund }) =>
      refund && !refund.creditNote ? { ownerId: refund.refundId, at: refund.at } : undefined,
    assign: (quote, creditNote) => ({ ...quote, refund: { ...quote.refund!, creditNote } }),
  },
];

let fonts: ReceiptFonts | undefined;
const receiptFonts = (): ReceiptFonts => {
  fonts ??= {
    latin: readFileSync(assetPath('receiptLatinFont')),
    cjk: readFileSync(assetPath('summaryFont')),
    arabic: readFileSync(assetPath('receiptArabicFont')),
    thai: readFileSync(assetPath('receiptThaiFont')),
  };
  return fonts;
};

/** The deployment's legal entity, which receipts must name: a deployment without it cannot issue one. */
function providerDetails(): ProviderDetails {
  const legalName = setting('providerLegalName');
  const address = setting('providerAddress');
  if (!legalName) throw new ConfigurationError('PROVIDER_LEGAL_NAME', 'missing');
  if (!address) throw new ConfigurationError('PROVIDER_ADDRESS', 'missing');
  return { legalName, address };
}

/**
 * A link to download a receipt or credit note of the case. The PDF is rendered once per state of
 * what it prints (before and after the opinion is delivered) and kept in the records bucket.
 */
export async function receiptDownload(
  record: CaseRecord,
  number: string,
): Promise<{ url: string; expiresAt: string; number: string; kind: 'receipt' | 'credit-note' }> {
  const issued = findIssuedDocument(record, number);
  if (!issued) throw new NotFoundError('No such receipt on this case.');
  const hospital = await getHospital(issued.quote.hospitalId);
  const document = receiptDocument(
    record,
    issued.quote,
    issued.kind,
    hospital ?? { name: issued.quote.hospitalId, city: '' },
    providerDetails(),
  );
  const key = objectKeys.receipt(record.caseId, number, receiptVariant(document));
  if (!(await headObject('records', key))) {
    const pdf = await renderReceiptPdf(document, receiptFonts());
    await putGenerated('records', key, pdf, 'application/pdf');
  }
  const link = await presignDownload('records', key, {
    fileName: `${number}.pdf`,
    contentType: 'application/pdf',
  });
  return { ...link, number, kind: issued.kind };
}

const stripeActor = { role: 'system', id: 'stripe-webhook' } as const;

/** A card payment Stripe reported, recorded on its quote with the receipt issued (once per event: the caller). */
export async function recordCardPayment(payment: CardPayment, now: Date): Promise<void> {
  const { quote } = await changeQuote(payment.caseId, {
    actor: stripeActor,
    action: 'payment.record',
    decide: (current) => {
      const decision = decidePayment(current, { ...payment, method: 'card' }, { now, by: stripeActor.id });
      return decision.kind === 'repeat'
        ? { quote: decision.quote, changed: false }
        : { quote: decision.quote, quotes: withCurrentQuote(current, decision.quote), changed: true };
    },
    timeline: (paid) => ({
      type: 'payment-recorded',
      detail: `Card payment of ${quoteAmount(paid)} received through Stripe (${payment.reference}).`,
    }),
  });
  await issueNumbers(payment.caseId, quote);
}
