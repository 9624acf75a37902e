import { type DiagnosisCodeEntry, diagnosisCodes } from '../diagnosis-codes';
import type { Hospital } from '../hospital';
import { type PatientLanguageTag, patientLanguageOf } from '../patient-languages';
import type { CancerType } from '../vocabulary';
import type { InvoiceNumber, PaymentMethod, Quote, QuoteLine } from './quote';
import type { CaseRecord } from './record';

/** Who issues receipts: the deployment's legal entity, from its settings. */
export interface ProviderDetails {
  readonly legalName: string;
  readonly address: readonly string[];
}

/** Everything a receipt or a credit note prints, taken from the case when it is rendered. */
export interface ReceiptDocument {
  readonly kind: 'receipt' | 'credit-note';
  readonly number: string;
  /** For a credit note: the receipt it cancels. */
  readonly cancels?: string;
  /** YYYY-MM-DD */
  readonly issuedOn: string;
  readonly provider: ProviderDetails;
  readonly patient: { readonly fullName: string; readonly dateOfBirth: string; readonly country: string };
  readonly caseId: string;
  readonly hospital: { readonly name: string; readonly city: string };
  /** The day the written opinion was delivered; absent while it is not. */
  readonly serviceDate?: string;
  readonly cancerType: CancerType;
  readonly histology?: string;
  readonly codes?: DiagnosisCodeEntry;
  readonly currency: string;
  readonly lines: readonly QuoteLine[];
  readonly total: number;
  readonly payment: { readonly method: PaymentMethod; readonly reference: string; readonly on: string };
  /** The receipt's second language, the patient's (English alone when that is English). */
  readonly language: PatientLanguageTag;
}

/** The documents a quote has produced: its receipt once paid, its credit note once refunded. */
export function issuedDocuments(quote: Quote): { kind: ReceiptDocument['kind']; number: InvoiceNumber }[] {
  const documents: { kind: ReceiptDocument['kind']; number: InvoiceNumber }[] = [];
  if (quote.payment?.invoice) documents.push({ kind: 'receipt', number: quote.payment.invoice });
  if (quote.refund?.creditNote) documents.push({ kind: 'credit-note', number: quote.refund.creditNote });
  return documents;
}

/** The quote of the case that issued `number`, and which document it is. */
export function findIssuedDocument(
  record: CaseRecord,
  number: string,
): { quote: Quote; kind: ReceiptDocument['kind'] } | undefined {
  for (const quote of record.quotes ?? []) {
    const document = issuedDocuments(quote).find((candidate) => candidate.number.number === number);
    if (document) return { quote, kind: document.kind };
  }
  return undefined;
}

export function receiptDocument(
  record: CaseRecord,
  quote: Quote,
  kind: ReceiptDocument['kind'],
  hospital: Pick<Hospital, 'name' | 'city'>,
  provider: ProviderDetails,
): ReceiptDocument {
  const payment = quote.payment;
  const number = kind === 'receipt' ? payment?.invoice : quote.refund?.creditNote;
  if (!payment || !number) throw new Error(`the quote has no ${kind}`);
  const refund = quote.refund;
  const codes = diagnosisCodes(record.cancerType, record.diagnosis, record.patient.sex);
  const report = record.report && record.hospitalId === quote.hospitalId ? record.report : undefined;
  const day = (iso: string) => iso.slice(0, 10);
  return {
    kind,
    number: number.number,
    ...(kind === 'credit-note' && payment.invoice ? { cancels: payment.invoice.number } : {}),
    issuedOn: day(kind === 'receipt' ? payment.recordedAt : (refund?.at ?? payment.recordedAt)),
    provider,
    patient: {
      fullName: record.patient.fullName,
      dateOfBirth: record.patient.dateOfBirth,
      country: record.patient.country,
    },
    caseId: record.caseId,
    hospital: { name: hospital.name, city: hospital.city },
    ...(report ? { serviceDate: day(report.receivedAt) } : {}),
    cancerType: record.cancerType,
    ...(record.diagnosis?.histology ? { histology: record.diagnosis.histology } : {}),
    ...(codes ? { codes } : {}),
    currency: quote.currency,
    lines: quote.lines,
    total: quote.total,
    payment:
      kind === 'receipt' || !refund
        ? { method: payment.method, reference: payment.reference, on: payment.receivedOn }
        : { method: payment.method, reference: refund.reference, on: day(refund.at) },
    language: patientLanguageOf(record.patient.language).tag as PatientLanguageTag,
  };
}

/** The stored PDF's key part that changes when what it prints changes (the opinion's date). */
export function receiptVariant(document: ReceiptDocument): string {
  return document.serviceDate ? `delivered-${document.serviceDate}` : 'prepaid';
}
