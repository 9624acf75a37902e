import { describe, expect, it } from 'vitest';
import {
  currentQuote,
  decideAcceptance,
  decidePayment,
  decideQuote,
  decideQuoteWaiver,
  decideRefund,
  paymentGap,
  type Quote,
  quoteStatusAt,
  withCurrentQuote,
} from '../../../../functions/core/case/quote';
import type { CaseRecord, DocumentRecord } from '../../../../functions/core/case/record';
import { decideSubmission } from '../../../../functions/core/case/submission';
import type { Hospital } from '../../../../functions/core/hospital';
import { caseWith, hospital } from './fixtures';

const doc = (itemId: DocumentRecord['itemId'], extra: Partial<DocumentRecord> = {}) =>
  ({
    caseId: 'case_aaaaaaaaaaaa',
    documentId: `doc_${itemId.replace(/-/g, '')}${Object.keys(extra).length}`,
    itemId,
    fileName: 'f',
    contentType: 'application/pdf',
    declaredSize: 10,
    status: 'accepted',
    intakeKey: 'k',
    createdAt: '2027-03-02T00:00:00Z',
    updatedAt: '2027-03-02T00:00:00Z',
    ...extra,
  }) as DocumentRecord;

const charging: Hospital = {
  ...hospital,
  hospitalId: 'hosp-fees',
  sample: false,
  requiresCertifiedTranslation: true,
  certifiedTranslationOf: ['pathology-report'],
  fees: {
    currency: 'USD',
    review: 120_000,
    expedited: 30_000,
    certifiedTranslationPerPage: 2_500,
    discShipping: 4_000,
  },
};
const records = [doc('pathology-report', { pdf: { pages: 3 } as never }), doc('imaging', { kind: 'dicom' })];
/** Records sufficient for a review: no blocking gap but consent (the patient gives it after the price). */
const sufficient = (overrides: Partial<CaseRecord> = {}) =>
  caseWith({ treatmentHistory: {} as never, ...overrides });
const now = new Date('2027-03-03T08:00:00Z');
const coordinator = { now, by: 'coord-1' };
const fees = { USD: 15_000 };
/** The bank transfer that pays a quote exactly. */
const transferOf = (quote: Quote, reference = 'R') => ({
  quoteId: quote.quoteId,
  method: 'bank-transfer' as const,
  reference,
  currency: 'USD',
  amount: quote.total,
  receivedOn: '2027-03-03',
});
const issued = (record = sufficient()) => decideQuote(record, records, charging, fees, coordinator);

describe('the quote', () => {
  it('is refused while a blocking gap about the records is open, naming the gaps', () => {
    let refusal: unknown;
    try {
      decideQuote(caseWith(), [], charging, fees, coordinator);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'not_ready', statusCode: 409 });
    const paths = (refusal as { details: { path: string }[] }).details.map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['pathology-report', 'imaging', 'treatment-history']));
    // Consent is not a records gap: the patient sees the price before agreeing to share.
    expect(paths).not.toContain('consent');
  });

  it('is itemised in integer minor units and valid for 14 days', () => {
    const { quote } = issued(sufficient({ expedited: true, imagingShipment: { carrier: 'DHL' } as never }));
    expect(quote.lines).toEqual([
      { code: 'review', quantity: 1, unitAmount: 120_000, amount: 120_000 },
      { code: 'expedited', quantity: 1, unitAmount: 30_000, amount: 30_000 },
      { code: 'certified-translation', quantity: 3, unitAmount: 2_500, amount: 7_500 },
      { code: 'disc-shipping', quantity: 1, unitAmount: 4_000, amount: 4_000 },
      { code: 'coordination', quantity: 1, unitAmount: 15_000, amount: 15_000 },
    ]);
    expect(quote.total).toBe(176_500);
    expect(Number.isInteger(quote.total)).toBe(true);
    expect(quote.validUntil).toBe('2027-03-17T08:00:00.000Z');
    expect(quoteStatusAt(quote, new Date('2027-03-17T08:00:00Z'))).toBe('issued');
    expect(quoteStatusAt(quote, new Date('2027-03-17T08:00:01Z'))).toBe('expired');
  });

  it('needs a coordination fee in the hospital’s currency when the deployment charges one, and none when it does not', () => {
    expect(() => decideQuote(sufficient(), records, charging, { EUR: 100 }, coordinator)).toThrow(
      expect.objectContaining({ code: 'no_coordination_fee' }),
    );
    const { quote } = decideQuote(sufficient(), records, charging, undefined, coordinator);
    expect(quote.lines.map((line) => line.code)).toEqual(['review', 'certified-translation']);
  });

  it('is not issued for a hospital with no fee schedule, and such a hospital needs no payment to submit', () => {
    expect(() => decideQuote(sufficient(), records, hospital, fees, coordinator)).toThrow(
      expect.objectContaining({ code: 'no_fee_schedule' }),
    );
    expect(paymentGap(sufficient(), hospital)).toBeUndefined();
  });

  it('withdraws an unpaid earlier quote when another is issued, keeping it', () => {
    const first = issued();
    const again = decideQuote(sufficient({ quotes: first.quotes }), records, charging, fees, coordinator);
    expect(again.quotes.map((quote) => quote.status)).toEqual(['withdrawn', 'issued']);
    expect(currentQuote({ quotes: again.quotes })?.quoteId).toBe(again.quote.quoteId);
  });
});

describe('accepting, paying, waiving and refunding', () => {
  const withQuote = (quote: Quote, overrides: Partial<CaseRecord> = {}) =>
    sufficient({ quotes: [quote], ...overrides });

  it('accepts once within validity; an expired quote cannot be accepted', () => {
    const { quote } = issued();
    const accepted = decideAcceptance(withQuote(quote), quote.quoteId, now);
    expect(accepted).toMatchObject({ status: 'accepted', acceptedAt: now.toISOString() });
    expect(decideAcceptance(withQuote(accepted), quote.quoteId, now)).toBe(accepted);
    expect(() => decideAcceptance(withQuote(quote), quote.quoteId, new Date('2027-04-01T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'quote_expired' }),
    );
    expect(() => decideAcceptance(withQuote(quote), 'qt_other', now)).toThrow(
      expect.objectContaining({ code: 'quote_superseded' }),
    );
  });

  it('records a transfer only for the exact total, once; the same reference again is a repeat', () => {
    const { quote } = issued();
    const payment = transferOf(quote, 'TRX-1');
    expect(() =>
      decidePayment(withQuote(quote), { ...payment, amount: quote.total - 1 }, coordinator),
    ).toThrow(expect.objectContaining({ code: 'amount_mismatch' }));
    expect(() => decidePayment(withQuote(quote), { ...payment, currency: 'EUR' }, coordinator)).toThrow(
      expect.objectContaining({ code: 'amount_mismatch' }),
    );
    const recorded = decidePayment(withQuote(quote), payment, coordinator);
    expect(recorded.kind).toBe('record');
    const paid = recorded.quote;
    expect(paid).toMatchObject({
      status: 'paid',
      payment: { reference: 'TRX-1', amount: quote.total, recordedBy: 'coord-1' },
    });
    expect(decidePayment(withQuote(paid), payment, coordinator)).toEqual({ kind: 'repeat', quote: paid });
    expect(() => decidePayment(withQuote(paid), { ...payment, reference: 'TRX-2' }, coordinator)).toThrow(
      expect.objectContaining({ code: 'quote_settled' }),
    );
  });

  it('lets submission through only once the quote for that hospital is paid or waived', () => {
    const { quote } = issued();
    const consented = (q: Quote) =>
      withQuote(q, {
        consent: { hospitalId: charging.hospitalId, fullName: 'Test Person', at: now.toISOString() },
      });
    const ready = [...records];
    const submitHospital = { ...charging, requiresCertifiedTranslation: false, certifiedTranslationOf: [] };
    expect(() => decideSubmission(consented(quote), ready, submitHospital)).toThrow(
      expect.objectContaining({ code: 'payment_required' }),
    );
    expect(() =>
      decideSubmission(sufficient({ consent: consented(quote).consent }), ready, submitHospital),
    ).toThrow(expect.objectContaining({ code: 'payment_required' }));
    const waived = decideQuoteWaiver(consented(quote), quote.quoteId, 'Charity case', coordinator);
    expect(decideSubmission(consented(waived), ready, submitHospital).kind).toBe('submit');
    const paid = decidePayment(consented(quote), transferOf(quote), coordinator).quote;
    expect(decideSubmission(consented(paid), ready, submitHospital).kind).toBe('submit');
    // Paid for another hospital: this one still waits.
    expect(paymentGap(consented({ ...paid, hospitalId: 'hosp-other' }), submitHospital)?.code).toBe(
      'payment_required',
    );
  });

  it('refunds a paid review in full before submission, and not after the records went out', () => {
    const { quote } = issued();
    const paid = decidePayment(withQuote(quote), transferOf(quote), coordinator).quote;
    const input = { quoteId: quote.quoteId, reason: 'Patient cancelled', reference: 'REF-BACK' };
    const refunded = decideRefund(withQuote(paid, { status: 'cancelled' }), input, coordinator);
    expect(refunded).toMatchObject({
      status: 'refunded',
      refund: { amount: quote.total, reference: 'REF-BACK' },
    });
    expect(() =>
      decideRefund(withQuote(paid, { status: 'routing', submission: 1 }), input, coordinator),
    ).toThrow(expect.objectContaining({ code: 'already_submitted' }));
    expect(() =>
      decideRefund(
        withQuote(paid, { status: 'cancelled', deliveredAt: now.toISOString() }),
        input,
        coordinator,
      ),
    ).toThrow(expect.objectContaining({ code: 'already_submitted' }));
    expect(() => decideRefund(withQuote(quote), input, coordinator)).toThrow(
      expect.objectContaining({ code: 'not_paid' }),
    );
    // After a refund a new quote may be issued.
    const record = withQuote(refunded);
    expect(withCurrentQuote(record, refunded)).toHaveLength(1);
    expect(issued(record).quotes.map((q) => q.status)).toEqual(['refunded', 'issued']);
  });
});
