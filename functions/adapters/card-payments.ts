import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import Stripe from 'stripe';
import type { Booking } from '../core/booking/booking';
import type { Quote } from '../core/case/quote';
import { AppError } from '../core/errors';
import { secretsManager } from './aws-clients';
import { ConfigurationError, setting } from './settings';

/**
 * Card payments through Stripe Checkout, behind this module only. The API key and the webhook
 * signing secret live in Secrets Manager (never in the environment); every request that creates
 * something carries an idempotency key derived from what it is for, so a retried request never
 * charges or refunds twice. Amounts go to Stripe as the integer minor units they are.
 */

interface StripeCredentials {
  readonly apiKey: string;
  readonly webhookSecret: string;
}

/** A webhook whose signature does not verify (forged, altered, replayed past the tolerance). */
export class WebhookSignatureError extends AppError {
  constructor() {
    super('invalid_signature', 400, 'The webhook signature does not verify.');
  }
}

const SECRET_CACHE_MS = 5 * 60_000;
let cached:
  | { readonly arn: string; readonly at: number; readonly credentials: StripeCredentials }
  | undefined;
let client: { readonly apiKey: string; readonly stripe: Stripe } | undefined;

async function credentials(): Promise<StripeCredentials> {
  const arn = setting('stripeSecretArn');
  if (!arn) throw new ConfigurationError('STRIPE_SECRET_ARN', 'missing');
  if (cached && cached.arn === arn && Date.now() - cached.at < SECRET_CACHE_MS) return cached.credentials;
  const secret = await secretsManager().send(new GetSecretValueCommand({ SecretId: arn }));
  let parsed: Partial<StripeCredentials> = {};
  try {
    parsed = JSON.parse(secret.SecretString ?? '{}') as Partial<StripeCredentials>;
  } catch {
    // Reported below without the value.
  }
  if (typeof parsed.apiKey !== 'string' || typeof parsed.webhookSecret !== 'string')
    throw new ConfigurationError('STRIPE_SECRET_ARN', 'invalid');
  cached = {
    arn,
    at: Date.now(),
    credentials: { apiKey: parsed.apiKey, webhookSecret: parsed.webhookSecret },
  };
  return cached.credentials;
}

async function stripe(): Promise<Stripe> {
  const { apiKey } = await credentials();
  if (client?.apiKey !== apiKey) {
    // The fetch-based client: no Node http agent to keep warm, and the same in every runtime.
    client = {
      apiKey,
      stripe: new Stripe(apiKey, {
        httpClient: Stripe.createFetchHttpClient(),
        maxNetworkRetries: 2,
        timeout: 10_000,
      }),
    };
  }
  return client.stripe;
}

/**
 * A Checkout Session for one amount, with ids only as metadata (Stripe holds no diagnosis and no
 * name beyond what the payer types there). The idempotency key makes a retry (a double click, a
 * timeout) within Stripe's 24 hours answer the same session, never a second one.
 */
async function createCheckoutSession(input: {
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  readonly customerEmail: string;
  readonly returnUrl: string;
  readonly reference: string;
  readonly metadata: Record<string, string>;
  readonly idempotencyKey: string;
}): Promise<{ readonly id: string; readonly url: string }> {
  const session = await (await stripe()).checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: input.currency.toLowerCase(),
            unit_amount: input.amount,
            product_data: { name: input.description },
          },
        },
      ],
      customer_email: input.customerEmail,
      client_reference_id: input.reference,
      metadata: input.metadata,
      payment_intent_data: { metadata: input.metadata },
      success_url: input.returnUrl,
      cancel_url: input.returnUrl,
    },
    { idempotencyKey: input.idempotencyKey },
  );
  if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
  return { id: session.id, url: session.url };
}

/** A Checkout Session for the quote's total, keyed on the quote. */
export function createCheckout(input: {
  readonly caseId: string;
  readonly quote: Quote;
  readonly description: string;
  readonly customerEmail: string;
  readonly returnUrl: string;
}): Promise<{ readonly id: string; readonly url: string }> {
  const { quote } = input;
  return createCheckoutSession({
    amount: quote.total,
    currency: quote.currency,
    description: input.description,
    customerEmail: input.customerEmail,
    returnUrl: input.returnUrl,
    reference: quote.quoteId,
    metadata: { caseId: input.caseId, quoteId: quote.quoteId },
    idempotencyKey: `checkout-${quote.quoteId}`,
  });
}

/** A Checkout Session for a strategy call's price, keyed on the booking. */
export function createCallCheckout(input: {
  readonly booking: Pick<Booking, 'bookingId' | 'price' | 'visitor'>;
  readonly description: string;
  readonly returnUrl: string;
}): Promise<{ readonly id: string; readonly url: string }> {
  const { booking } = input;
  return createCheckoutSession({
    amount: booking.price.amount,
    currency: booking.price.currency,
    description: input.description,
    customerEmail: booking.visitor.email,
    returnUrl: input.returnUrl,
    reference: booking.bookingId,
    metadata: { bookingId: booking.bookingId },
    idempotencyKey: `checkout-${booking.bookingId}`,
  });
}

/** Refunds a card payment in full; the refund's own id is the idempotency key. */
export async function refundCard(paymentIntentId: string, amount: number, refundId: string): Promise<string> {
  const refund = await (await stripe()).refunds.create(
    { payment_intent: paymentIntentId, amount },
    { idempotencyKey: `refund-${refundId}` },
  );
  return refund.id;
}

/** The event a webhook carries, once its signature verifies against the raw body. */
export async function verifiedEvent(rawBody: string, signature: string | undefined): Promise<Stripe.Event> {
  const { webhookSecret } = await credentials();
  try {
    return (await stripe()).webhooks.constructEvent(rawBody, signature ?? '', webhookSecret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureError();
    throw error;
  }
}

/** For tests that change the secret between runs in one process. */
export function forgetStripeCredentials(): void {
  cached = undefined;
  client = undefined;
}
