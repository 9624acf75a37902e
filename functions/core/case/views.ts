import { businessDaysLeft } from '../business-days';
import { documentsImagingIndex } from '../imaging-index';
// Plain data, not the schema modules: every read handler imports these views.
import { MAX_FOLLOW_UP_QUESTIONS, remoteReviewLimits, specialistNotedLimits } from '../opinion-limits';
import { issuedDocuments } from './payment-receipt';
import { currentQuote, type Quote, quoteStatusAt } from './quote';
import { buildChecklist, computeGaps, effectiveStatus } from './readiness';
import {
  type CaseAggregate,
  type CaseRecord,
  type DeliveredCase,
  type ReportRecord,
  readingLanguage,
} from './record';

/** What each audience is shown of a case. */

/**
 * The deadline as people read it: the expected date, the business days left (from today in the
 * hospital's zone) and the reminders sent. The coordinator also sees why a date is
 * provisional and why it was extended.
 */
function deadlineView(record: CaseRecord, now: Date, audience: 'coordinator' | 'patient') {
  const deadline = record.deadline;
  if (!deadline) return undefined;
  const { warning, ...shown } = deadline;
  return {
    ...shown,
    expectedDate: deadline.dueOn,
    businessDaysLeft: record.report ? 0 : businessDaysLeft(deadline, now),
    ...(audience === 'coordinator' && warning ? { warning } : {}),
    reminders: (record.tracking ?? []).map(({ kind, followUp, dueAt, sentAt }) => ({
      kind,
      ...(followUp ? { followUp } : {}),
      dueAt,
      sentAt,
    })),
    extensions: (record.extensions ?? []).map(({ businessDays, reason, previousDueOn, dueOn, at }) => ({
      businessDays,
      previousDueOn,
      dueOn,
      at,
      ...(audience === 'coordinator' ? { reason } : {}),
    })),
  };
}

/**
 * A quote as people read it: its lines and total in minor units, its status today, how it was
 * settled, and the receipts it produced. The patient is not shown who issued or recorded it.
 */
export function quoteView(quote: Quote, now: Date, audience: 'coordinator' | 'patient') {
  const { payment, waiver, refund } = quote;
  return {
    quoteId: quote.quoteId,
    hospitalId: quote.hospitalId,
    currency: quote.currency,
    lines: quote.lines,
    total: quote.total,
    issuedAt: quote.issuedAt,
    validUntil: quote.validUntil,
    status: quoteStatusAt(quote, now),
    ...(quote.acceptedAt ? { acceptedAt: quote.acceptedAt } : {}),
    ...(payment
      ? {
          payment: {
            method: payment.method,
            reference: payment.reference,
            amount: payment.amount,
            receivedOn: payment.receivedOn,
            ...(audience === 'coordinator'
              ? { recordedAt: payment.recordedAt, recordedBy: payment.recordedBy }
              : {}),
          },
        }
      : {}),
    ...(waiver ? { waiver: audience === 'coordinator' ? waiver : { at: waiver.at } } : {}),
    ...(refund
      ? {
          refund: {
            amount: refund.amount,
            reference: refund.reference,
            at: refund.at,
            ...(audience === 'coordinator' ? { reason: refund.reason, by: refund.by } : {}),
          },
        }
      : {}),
    ...(audience === 'coordinator' ? { issuedBy: quote.issuedBy } : {}),
    receipts: issuedDocuments(quote).map((document) => ({
      kind: document.kind,
      number: document.number.number,
    })),
  };
}

function sharedView({ record, documents, timeline }: CaseAggregate) {
  return {
    caseId: record.caseId,
    status: effectiveStatus(record, documents),
    cancerType: record.cancerType,
    checklist: buildChecklist(record, documents),
    gaps: computeGaps(record, documents),
    ...(record.hospitalId ? { hospitalId: record.hospitalId } : {}),
    ...(record.consent ? { consent: { hospitalId: record.consent.hospitalId, at: record.consent.at } } : {}),
    ...(record.treatmentHistory ? { treatmentHistory: record.treatmentHistory } : {}),
    ...(record.diagnosis ? { diagnosis: record.diagnosis } : {}),
    ...(record.specialist ? { specialist: record.specialist } : {}),
    ...(record.imagingShipment ? { imagingShipment: record.imagingShipment } : {}),
    imaging: documentsImagingIndex(documents),
    timeline: timeline.map((event) => ({ at: event.at, type: event.type, detail: event.detail })),
  };
}

export function coordinatorView(aggregate: CaseAggregate, now: Date) {
  const { record } = aggregate;
  const deadline = deadlineView(record, now, 'coordinator');
  return {
    ...sharedView(aggregate),
    ...(deadline ? { deadline } : {}),
    patient: record.patient,
    question: record.question,
    expedited: record.expedited,
    submission: record.submission,
    createdAt: record.createdAt,
    ...(record.report
      ? {
          report: {
            outcome: record.report.outcome,
            specialist: record.report.specialist,
            receivedAt: record.report.receivedAt,
            language: record.report.language,
            opinion: record.report.opinion,
          },
        }
      : {}),
    ...(record.divergence ? { divergence: record.divergence } : {}),
    ...(record.thirdReviewOf ? { thirdReviewOf: record.thirdReviewOf } : {}),
    ...(record.thirdReviewCaseId ? { thirdReviewCaseId: record.thirdReviewCaseId } : {}),
    ...(record.clinicianCall ? { clinicianCall: record.clinicianCall } : {}),
    ...(record.undelivered?.length ? { undeliveredNotifications: record.undelivered } : {}),
    ...(record.plainLanguageSummary ? { plainLanguageSummary: record.plainLanguageSummary } : {}),
    waivedGaps: record.waivers ?? [],
    quotes: (record.quotes ?? []).map((quote) => quoteView(quote, now, 'coordinator')),
  };
}

/** How the patient pays where no payment provider is configured: the deployment's bank details. */
export interface PatientPaymentOptions {
  readonly bankTransfer?: readonly string[];
  /** Card payments through Stripe Checkout are offered. */
  readonly card?: boolean;
}

export function patientView(aggregate: CaseAggregate, now: Date, payment: PatientPaymentOptions = {}) {
  const deadline = deadlineView(aggregate.record, now, 'patient');
  const quote = currentQuote(aggregate.record);
  // The patient's own language: the page speaks it unless the patient chose another.
  return {
    ...sharedView(aggregate),
    language: aggregate.record.patient.language,
    ...(deadline ? { deadline } : {}),
    ...(quote
      ? {
          quote: {
            ...quoteView(quote, now, 'patient'),
            // What to write on the transfer, so the coordinator can match it to the case.
            ...(payment.bankTransfer
              ? { bankTransfer: { details: payment.bankTransfer, reference: quote.quoteId } }
              : {}),
            ...(payment.card ? { card: true } : {}),
          },
        }
      : {}),
  };
}

/** A case as the hospital's relay lists it: no patient details, no coordinator notes. */
export function hospitalCaseView(record: DeliveredCase) {
  return {
    caseId: record.caseId,
    status: record.status,
    cancerType: record.cancerType,
    deliveredAt: record.deliveredAt,
    ...(record.deadline ? { deadline: record.deadline } : {}),
  };
}

/**
 * A case as the hospital's inbox lists it: the relay's row, and what the portal marks it with.
 * `businessDaysLeft` counts in the hospital's calendar from today in its zone (negative once
 * overdue, 0 once the report is in); `overdue` is the status, or the due day's end passed with no
 * report; `new` until the hospital first opened the package (`openedAt`).
 */
export function hospitalInboxRow(record: DeliveredCase, now: Date) {
  const { deadline } = record;
  const overdue =
    record.status === 'overdue' ||
    (deadline !== undefined && !record.report && now.getTime() > Date.parse(deadline.dueAt));
  return {
    ...hospitalCaseView(record),
    expedited: record.expedited,
    overdue,
    ...(deadline ? { businessDaysLeft: record.report ? 0 : businessDaysLeft(deadline, now) } : {}),
    ...(record.hospitalOpenedAt ? { openedAt: record.hospitalOpenedAt } : {}),
    new: record.hospitalOpenedAt === undefined,
    // A disc sent by courier: the receipt must confirm it arrived (no carrier or tracking details here).
    imagingShipped: record.imagingShipment !== undefined,
  };
}

/** A presigned download: where to fetch it, and until when. */
export interface DownloadLink {
  readonly url: string;
  readonly expiresAt: string;
}

/**
 * The delivered report as the patient reads it: the links (presigned by the caller), the
 * translation or why there is none, the summary, the limits of a remote review and those the
 * specialist noted, the follow-up questions with their answers, the addenda.
 */
export function patientReportView(
  record: CaseRecord & { readonly report: ReportRecord },
  links: {
    readonly report: DownloadLink;
    readonly translation?: DownloadLink | undefined;
    readonly addenda: readonly DownloadLink[];
  },
) {
  const { report } = record;
  const reading = readingLanguage(record.patient.language);
  // `noteCode` says the note by code, so the page can say it in the patient's language.
  const translation = report.translation
    ? {
        language: report.translation.language,
        method: report.translation.method,
        note: report.translation.note,
        noteCode:
          report.translation.method === 'untranslated'
            ? ('untranslated' as const)
            : report.translation.numbersDiffer
              ? ('numbers-differ' as const)
              : ('translated' as const),
        download: links.translation,
      }
    : reading !== report.language
      ? {
          language: reading,
          unavailable: true,
          note: 'The translation of the report could not be produced; your coordinator will send it to you.',
          noteCode: 'unavailable' as const,
        }
      : undefined;
  return {
    report: links.report,
    reportLanguage: report.language,
    ...(translation ? { translation } : {}),
    plainLanguageSummary: record.plainLanguageSummary,
    ...(record.plainLanguageSummaryTranslation
      ? { summaryTranslation: record.plainLanguageSummaryTranslation }
      : {}),
    outcome: report.outcome,
    specialist: report.specialist,
    // What the patient acknowledged at consent, repeated beside the opinion, and what the
    // specialist noted as unsettled by a remote review.
    limitsOfRemoteReview: Object.values(remoteReviewLimits),
    limitsNotedBySpecialist: report.opinion.limitsNoted.map((limit) => specialistNotedLimits[limit]),
    limitsNotedIds: report.opinion.limitsNoted,
    questions: (record.questions ?? []).map((question) => ({
      questionId: question.questionId,
      question: question.text,
      askedAt: question.askedAt,
      ...(question.answer ? { answer: question.answer.text, answeredAt: question.answer.answeredAt } : {}),
    })),
    questionsRemaining: MAX_FOLLOW_UP_QUESTIONS - (record.questions ?? []).length,
    addenda: (record.addenda ?? []).map((addendum, index) => ({
      addendumId: addendum.addendumId,
      receivedAt: addendum.receivedAt,
      questionIds: addendum.questionIds,
      download: links.addenda[index],
    })),
    ...(record.postReportCall ? { postReportCall: record.postReportCall } : {}),
  };
}
