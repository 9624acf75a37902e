/**
 * What a Stripe event says about a quote's payment, read from the event's plain data (no Stripe
 * types here): a completed Checkout Session that is paid (at once, or later for a delayed
 * method). Every other event is acknowledged and changes nothing.
 */
export interface CardPayment {
  readonly eventId: string;
  readonly caseId: string;
  readonly quoteId: string;
  /** The PaymentIntent: what a refund names, and the receipt's payment reference. */
  readonly reference: string;
  readonly amount: number;
  /** ISO 4217, upper case as the quote holds it. */
  readonly currency: string;
  /** YYYY-MM-DD (UTC) of the event. */
  readonly receivedOn: string;
}

interface EventShape {
  readonly id: string;
  readonly type: string;
  readonly created: number;
  readonly data: { readonly object: unknown };
}

const PAID_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

/** A paid Checkout Session's money and metadata, whatever it paid for. */
function paidSession(event: EventShape) {
  if (!PAID_EVENTS.has(event.type)) return undefined;
  const session = event.data.object as {
    payment_status?: string;
    amount_total?: number | null;
    currency?: string | null;
    payment_intent?: string | { id?: string } | null;
    metadata?: Record<string, string> | null;
  };
  if (session.payment_status !== 'paid') return undefined;
  const reference =
    typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
  if (!reference || typeof session.amount_total !== 'number' || !session.currency) return undefined;
  return {
    metadata: session.metadata ?? {},
    money: {
      eventId: event.id,
      reference,
      amount: session.amount_total,
      currency: session.currency.toUpperCase(),
      receivedOn: new Date(event.created * 1000).toISOString().slice(0, 10),
    },
  };
}

export function cardPaymentOf(event: EventShape): CardPayment | undefined {
  const paid = paidSession(event);
  const caseId = paid?.metadata.caseId;
  const quoteId = paid?.metadata.quoteId;
  if (!paid || !caseId || !quoteId) return undefined;
  return { ...paid.money, caseId, quoteId };
}

/** A strategy call paid by card: the Checkout Session names the booking only. */
export interface CallCardPayment extends Omit<CardPayment, 'caseId' | 'quoteId'> {
  readonly bookingId: string;
}

export function callCardPaymentOf(event: EventShape): CallCardPayment | undefined {
  const paid = paidSession(event);
  const bookingId = paid?.metadata.bookingId;
  if (!paid || !bookingId || paid.metadata.caseId) return undefined;
  return { ...paid.money, bookingId };
}
