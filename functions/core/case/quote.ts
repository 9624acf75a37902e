import { ConflictError } from '../errors';
import type { FeeSchedule, Hospital } from '../hospital';
import { newId } from '../ids';
import { type Money, sum } from '../money';
import { computeGaps } from './readiness';
import type { CaseRecord, DocumentRecord } from './record';

/**
 * The quote for a review and its payment. Nobody is asked to pay before the records are judged
 * sufficient: a quote is issued only when no blocking gap about the records is open. A hospital
 * with no fee schedule needs none (its cases submit as they always have).
 */

export const QUOTE_VALID_DAYS = 14;

export type QuoteLineCode =
  | 'review'
  | 'expedited'
  | 'certified-translation'
  | 'disc-shipping'
  | 'coordination';

export interface QuoteLine {
  readonly code: QuoteLineCode;
  readonly quantity: number;
  /** Minor units of the quote's currency. */
  readonly unitAmount: number;
  readonly amount: number;
}

export type PaymentMethod = 'bank-transfer' | 'card';

/** An invoice number from the gapless yearly sequence, and the year it belongs to. */
export interface InvoiceNumber {
  readonly number: string;
  readonly year: number;
  readonly sequence: number;
}

export interface QuotePayment {
  readonly paymentId: string;
  readonly method: PaymentMethod;
  /** The bank's transfer reference, or the payment provider's id. */
  readonly reference: string;
  readonly amount: number;
  /** The day the money arrived (YYYY-MM-DD), as the coordinator read it off the statement. */
  readonly receivedOn: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** Assigned once the receipt is issued; kept forever (the sequence has no gaps). */
  readonly invoice?: InvoiceNumber;
}

export interface QuoteWaiver {
  readonly reason: string;
  readonly at: string;
  readonly by: string;
}

export interface QuoteRefund {
  readonly refundId: string;
  readonly reason: string;
  readonly reference: string;
  readonly amount: number;
  readonly at: string;
  readonly by: string;
  /** The credit note cancelling the receipt, from its own gapless yearly sequence. */
  readonly creditNote?: InvoiceNumber;
}

export type QuoteStatus = 'issued' | 'accepted' | 'paid' | 'waived' | 'refunded' | 'withdrawn';

export interface Quote {
  readonly quoteId: string;
  readonly hospitalId: string;
  readonly currency: string;
  readonly lines: readonly QuoteLine[];
  readonly total: number;
  readonly issuedAt: string;
  readonly validUntil: string;
  readonly issuedBy: string;
  readonly status: QuoteStatus;
  readonly acceptedAt?: string;
  readonly payment?: QuotePayment;
  readonly waiver?: QuoteWaiver;
  readonly refund?: QuoteRefund;
}

/** The status a reader sees: an issued or accepted quote past its validity is `expired`. */
export function quoteStatusAt(quote: Quote, now: Date): QuoteStatus | 'expired' {
  if (
    (quote.status === 'issued' || quote.status === 'accepted') &&
    now.getTime() > Date.parse(quote.validUntil)
  )
    return 'expired';
  return quote.status;
}

/** The case's quote that counts: the last one issued, unless it was withdrawn. */
export function currentQuote(record: Pick<CaseRecord, 'quotes'>): Quote | undefined {
  const last = record.quotes?.at(-1);
  return last && last.status !== 'withdrawn' ? last : undefined;
}

/** Pages of the records the hospital wants in certified translation (an image is one page). */
export function certifiedTranslationPages(hospital: Hospital, documents: readonly DocumentRecord[]): number {
  if (!hospital.requiresCertifiedTranslation) return 0;
  return documents
    .filter(
      (document) =>
        document.status === 'accepted' && hospital.certifiedTranslationOf.includes(document.itemId),
    )
    .reduce((pages, document) => pages + (document.pdf?.pages ?? (document.image ? 1 : 0)), 0);
}

/** The itemised lines for this case at this hospital, in the schedule's currency. */
export function quoteLines(
  record: CaseRecord,
  documents: readonly DocumentRecord[],
  hospital: Hospital,
  fees: FeeSchedule,
  /** The deployment's, per currency; undefined when it charges none. */
  coordinationFees: Readonly<Record<string, number>> | undefined,
): QuoteLine[] {
  const line = (code: QuoteLineCode, quantity: number, unitAmount: number): QuoteLine => ({
    code,
    quantity,
    unitAmount,
    amount: quantity * unitAmount,
  });
  const lines = [line('review', 1, fees.review)];
  if (record.expedited && hospital.expedited && fees.expedited !== null)
    lines.push(line('expedited', 1, fees.expedited));
  const pages = certifiedTranslationPages(hospital, documents);
  if (pages > 0 && fees.certifiedTranslationPerPage > 0)
    lines.push(line('certified-translation', pages, fees.certifiedTranslationPerPage));
  if (record.imagingShipment && fees.discShipping > 0)
    lines.push(line('disc-shipping', 1, fees.discShipping));
  if (!coordinationFees) return lines;
  const coordination = coordinationFees[fees.currency];
  if (coordination === undefined) {
    throw new ConflictError(
      'no_coordination_fee',
      `The deployment sets no coordination fee in ${fees.currency}, this hospital's currency.`,
    );
  }
  if (coordination > 0) lines.push(line('coordination', 1, coordination));
  return lines;
}

export interface QuoteIssue {
  readonly quote: Quote;
  /** The quotes the case keeps: an earlier unpaid quote is withdrawn, never deleted. */
  readonly quotes: readonly Quote[];
}

/**
 * A coordinator issues a quote for the hospital the patient chose. Refused while a blocking gap
 * about the records is open (consent aside: it is the patient's decision, given after seeing the
 * price), once the case was submitted, or while a payment stands (refund it first).
 */
export function decideQuote(
  record: CaseRecord,
  documents: readonly DocumentRecord[],
  hospital: Hospital,
  coordinationFees: Readonly<Record<string, number>> | undefined,
  context: { readonly now: Date; readonly by: string },
): QuoteIssue {
  const fees = hospital.fees;
  if (!fees)
    throw new ConflictError('no_fee_schedule', 'This hospital has no fee schedule: no quote is needed.');
  if (!hospital.cancerTypes.includes(record.cancerType))
    throw new ConflictError('hospital_not_suitable', 'This hospital does not review this cancer type.');
  if (record.status !== 'collecting')
    throw new ConflictError('already_submitted', 'The case was already submitted or closed.');
  const standing = currentQuote(record);
  if (standing && (standing.status === 'paid' || standing.status === 'waived')) {
    throw new ConflictError(
      'quote_settled',
      'The current quote is paid or waived: refund it before issuing another.',
    );
  }
  const gaps = computeGaps(record, documents, hospital.hospitalId).filter(
    (gap) => gap.severity === 'blocking' && gap.itemId !== 'consent',
  );
  if (gaps.length > 0) {
    throw new ConflictError(
      'not_ready',
      'The records are not yet sufficient for a quote: close or waive the blocking gaps first.',
      gaps.map((gap) => ({ path: gap.itemId, ...gap })),
    );
  }
  const lines = quoteLines(record, documents, hospital, fees, coordinationFees);
  const total = sum(
    fees.currency,
    lines.map((line): Money => ({ currency: fees.currency, amount: line.amount })),
  ).amount;
  const issuedAt = context.now.toISOString();
  const quote: Quote = {
    quoteId: newId('qt'),
    hospitalId: hospital.hospitalId,
    currency: fees.currency,
    lines,
    total,
    issuedAt,
    validUntil: new Date(context.now.getTime() + QUOTE_VALID_DAYS * 86_400_000).toISOString(),
    issuedBy: context.by,
    status: 'issued',
  };
  const kept = (record.quotes ?? []).map((earlier) =>
    earlier.status === 'issued' || earlier.status === 'accepted'
      ? { ...earlier, status: 'withdrawn' as const }
      : earlier,
  );
  return { quote, quotes: [...kept, quote] };
}

/** Replaces the current quote (the last) with its next state. */
export function withCurrentQuote(record: CaseRecord, next: Quote): readonly Quote[] {
  const quotes = record.quotes ?? [];
  return [...quotes.slice(0, -1), next];
}

/** The quote a request names must be the current one. */
function namedQuote(record: CaseRecord, quoteId: string): Quote {
  const quote = currentQuote(record);
  if (!quote || quote.quoteId !== quoteId)
    throw new ConflictError('quote_superseded', 'This quote is no longer the current one.');
  return quote;
}

/** The patient accepts the quote on their page (a repeat is harmless). */
export function decideAcceptance(record: CaseRecord, quoteId: string, now: Date): Quote {
  const quote = namedQuote(record, quoteId);
  const status = quoteStatusAt(quote, now);
  if (status === 'accepted' || status === 'paid' || status === 'waived') return quote;
  if (status === 'expired')
    throw new ConflictError('quote_expired', 'The quote has expired: ask for a new one.');
  if (status !== 'issued') throw new ConflictError('quote_closed', 'The quote can no longer be accepted.');
  return { ...quote, status: 'accepted', acceptedAt: now.toISOString() };
}

export type PaymentDecision =
  /** The same payment was recorded before: finish its receipt if a crash left it undone. */
  { readonly kind: 'repeat'; readonly quote: Quote } | { readonly kind: 'record'; readonly quote: Quote };

/**
 * A coordinator records an offline payment (a bank transfer, with its reference) or the payment
 * provider reports one. The amount must be the quote's total; a quote past its validity that the
 * patient never accepted cannot be paid (its prices may no longer hold).
 */
export function decidePayment(
  record: CaseRecord,
  input: {
    readonly quoteId: string;
    readonly method: PaymentMethod;
    readonly reference: string;
    readonly amount: number;
    readonly currency: string;
    readonly receivedOn: string;
  },
  context: { readonly now: Date; readonly by: string },
): PaymentDecision {
  const quote = namedQuote(record, input.quoteId);
  if (quote.status === 'paid' && quote.payment?.reference === input.reference)
    return { kind: 'repeat', quote };
  if (quote.status === 'paid' || quote.status === 'waived')
    throw new ConflictError('quote_settled', 'This quote is already paid or waived.');
  if (quote.status !== 'issued' && quote.status !== 'accepted')
    throw new ConflictError('quote_closed', 'This quote can no longer be paid.');
  if (quote.status === 'issued' && quoteStatusAt(quote, context.now) === 'expired')
    throw new ConflictError(
      'quote_expired',
      'The quote expired before the patient accepted it: issue a new one.',
    );
  if (input.currency !== quote.currency || input.amount !== quote.total) {
    throw new ConflictError('amount_mismatch', 'The amount received is not the quote’s total.', [
      { path: 'amount', message: `The quote's total is ${quote.total} minor units of ${quote.currency}.` },
    ]);
  }
  const payment: QuotePayment = {
    paymentId: newId('pay'),
    method: input.method,
    reference: input.reference,
    amount: input.amount,
    receivedOn: input.receivedOn,
    recordedAt: context.now.toISOString(),
    recordedBy: context.by,
  };
  return {
    kind: 'record',
    quote: { ...quote, status: 'paid', payment },
  };
}

/** A coordinator waives payment with a written reason (a charity case, a hospital's courtesy). */
export function decideQuoteWaiver(
  record: CaseRecord,
  quoteId: string,
  reason: string,
  context: { now: Date; by: string },
): Quote {
  const quote = namedQuote(record, quoteId);
  if (quote.status === 'waived') return quote;
  if (quote.status !== 'issued' && quote.status !== 'accepted')
    throw new ConflictError('quote_settled', 'This quote is already paid or closed.');
  return { ...quote, status: 'waived', waiver: { reason, at: context.now.toISOString(), by: context.by } };
}

/**
 * A paid review cancelled before submission is refunded in full, with a credit note. After
 * submission the hospital has the records and the fee stands (refused).
 */
export function decideRefund(
  record: CaseRecord,
  input: { readonly quoteId: string; readonly reason: string; readonly reference: string },
  context: { readonly now: Date; readonly by: string },
): Quote {
  const quote = namedQuote(record, input.quoteId);
  if (quote.status === 'refunded') return quote;
  if (quote.status !== 'paid' || !quote.payment)
    throw new ConflictError('not_paid', 'Only a paid quote is refunded.');
  const submittedSincePayment =
    record.status !== 'collecting' && (record.status !== 'cancelled' || record.deliveredAt);
  if (submittedSincePayment) {
    throw new ConflictError(
      'already_submitted',
      'The records went to the hospital: the review is no longer refundable here.',
    );
  }
  return {
    ...quote,
    status: 'refunded',
    refund: {
      refundId: newId('rfd'),
      reason: input.reason,
      reference: input.reference,
      amount: quote.payment.amount,
      at: context.now.toISOString(),
      by: context.by,
    },
  };
}

/**
 * Submission to a hospital with a fee schedule waits for its quote to be paid or waived. A
 * hospital with no schedule needs none.
 */
export function paymentGap(record: CaseRecord, hospital: Hospital): ConflictError | undefined {
  if (!hospital.fees) return undefined;
  const quote = currentQuote(record);
  if (
    quote &&
    quote.hospitalId === hospital.hospitalId &&
    (quote.status === 'paid' || quote.status === 'waived')
  )
    return undefined;
  return new ConflictError(
    'payment_required',
    quote && quote.hospitalId === hospital.hospitalId
      ? 'The review is not paid yet: record the payment or a waiver before submitting.'
      : 'This hospital charges for the review: issue a quote first.',
  );
}
