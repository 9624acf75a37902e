/**
 * What only a deployment needs, per function key of the contract (functions/contract): entry
 * file, grants, memory, timeouts, and the throttle figures per route class. The CDK stacks and
 * the local runtime (scripts/local) import it; the names it uses come from the contract, so a
 * table key, bucket, route or workflow placeholder is still written once. Plain data only: no
 * aws-cdk-lib imports here.
 */

import type {
  BucketName,
  env,
  FunctionKey,
  PackageAssetName,
  RouteThrottle,
  TableName,
} from '../functions/contract';
import { REMINDER_SWEEP_MINUTES } from '../functions/core/booking/reminders';
import { THIRD_REVIEW_TIMEOUT_SECONDS } from '../functions/core/third-review';

/**
 * API Gateway's per-route throttling by audience (requests a second, burst), for the whole
 * API: a patient's browser and a hospital's pull client get less than the coordinators' tools,
 * and a public document least. Hospitals also have their own per-hospital budget in the app.
 */
export const routeThrottles = {
  coordinator: { rateLimit: 50, burstLimit: 100 },
  patient: { rateLimit: 25, burstLimit: 50 },
  hospital: { rateLimit: 25, burstLimit: 50 },
  public: { rateLimit: 5, burstLimit: 10 },
  /** The patient page's HTML, script and stylesheet: every patient's browser loads them. */
  page: { rateLimit: 50, burstLimit: 100 },
} as const satisfies Record<RouteThrottle, { readonly rateLimit: number; readonly burstLimit: number }>;

export type BucketAccess = 'read' | 'write' | 'manage' | 'erase';

export interface FunctionDefinition {
  /** Logical id in CDK and the key the local runtime uses. */
  readonly id: string;
  /** Module path from the project root; its `handler` export is the Lambda handler. */
  readonly entry: string;
  readonly tables: Partial<Record<TableName, 'read' | 'write'>>;
  /** `manage`: write, and delete (purging relay copies). `erase`: read, and delete every version. */
  readonly buckets: Partial<Record<BucketName, BucketAccess>>;
  /** Whether the function calls the case workflow's Step Functions API. */
  readonly workflow?: 'start' | 'callback' | 'stop';
  readonly notifies?: boolean;
  /** Calls Stripe with the key in the Stripe secret (Secrets Manager): checkout, webhooks, refunds. */
  readonly cardPayments?: boolean;
  /** Calls Amazon Translate with the oncology terminology. */
  readonly translates?: boolean;
  /** Files the function reads at run time, copied beside its bundle in Lambda. */
  readonly assets?: readonly PackageAssetName[];
  /** Buckets whose names it needs without touching them (the page's Content-Security-Policy). */
  readonly bucketNames?: readonly BucketName[];
  /** Buckets it reads (or copies from) by version id, on top of its access: s3:GetObjectVersion. */
  readonly versionReads?: readonly BucketName[];
  /** Objects it writes beside what its access allows, by key pattern (s3:PutObject on those keys only). */
  readonly derivedWrites?: Partial<Record<BucketName, readonly string[]>>;
  /** Invoked asynchronously (by EventBridge): what still fails after Lambda's retries is kept in a dead-letter queue. */
  readonly asynchronous?: boolean;
  /** Invoked on a schedule (an EventBridge rule; locally, on the business clock) with the instant as `time`. */
  readonly schedule?: { readonly everyMinutes: number };
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

const fn = (
  id: string,
  entry: string,
  grants: Omit<FunctionDefinition, 'id' | 'entry'>,
): FunctionDefinition => ({ id, entry, ...grants });

/** A receipt's download renders its PDF once per state and keeps it beside the case's records. */
const receiptReader: Omit<FunctionDefinition, 'id' | 'entry'> = {
  tables: { cases: 'read', hospitals: 'read', audit: 'write' },
  buckets: { records: 'read' },
  derivedWrites: { records: ['cases/*/receipts/*'] },
  assets: ['summaryFont', 'receiptLatinFont', 'receiptArabicFont', 'receiptThaiFont'],
  timeoutSeconds: 30,
  memoryMb: 1024,
};

export const functions = {
  casesCreate: fn('CasesCreate', 'functions/api/coordinator/cases-create.ts', {
    // cases: also the booking the case was opened from, which then names it.
    tables: { cases: 'write', tokens: 'write', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  casesPatientEmails: fn('CasesPatientEmails', 'functions/api/coordinator/cases-patient-emails-create.ts', {
    tables: { cases: 'write', tokens: 'write', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  casesGet: fn('CasesGet', 'functions/api/coordinator/cases-get.ts', {
    tables: { cases: 'read', audit: 'write' },
    buckets: {},
  }),
  casesSubmit: fn('CasesSubmit', 'functions/api/coordinator/cases-submit.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: {},
    workflow: 'start',
  }),
  casesCancel: fn('CasesCancel', 'functions/api/coordinator/cases-cancel.ts', {
    tables: { cases: 'write', tokens: 'write', audit: 'write' },
    buckets: { relay: 'manage' },
    workflow: 'stop',
  }),
  casesSummaryDraft: fn('CasesSummaryDraft', 'functions/api/coordinator/cases-summary-draft-get.ts', {
    tables: { cases: 'read', hospitals: 'read', audit: 'write' },
    buckets: {},
  }),
  casesClinicianCall: fn('CasesClinicianCall', 'functions/api/coordinator/cases-clinician-call-create.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  casesThirdReview: fn('CasesThirdReview', 'functions/api/coordinator/cases-third-review-create.ts', {
    tables: { cases: 'write', tokens: 'write', audit: 'write' },
    buckets: { records: 'write' },
    timeoutSeconds: THIRD_REVIEW_TIMEOUT_SECONDS,
  }),
  casesErase: fn('CasesErase', 'functions/api/coordinator/cases-erase.ts', {
    tables: { cases: 'write', tokens: 'write', hospitals: 'read', audit: 'write' },
    buckets: { intake: 'erase', records: 'erase', relay: 'erase' },
    workflow: 'stop',
    timeoutSeconds: 300,
  }),
  casesSummary: fn('CasesSummary', 'functions/api/coordinator/cases-summary-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    workflow: 'callback',
    // The plain-language summary, into the patient's language.
    translates: true,
  }),
  patientPage: fn('PatientPage', 'functions/api/public/upload-get.ts', {
    tables: {},
    buckets: {},
    assets: ['patientPage'],
    bucketNames: ['intake'],
  }),
  patientHospitals: fn('PatientHospitals', 'functions/api/patient/hospitals-list.ts', {
    tables: { cases: 'read', hospitals: 'read', audit: 'write' },
    buckets: {},
  }),
  patientCaseGet: fn('PatientCaseGet', 'functions/api/patient/case-get.ts', {
    tables: { cases: 'read', audit: 'write' },
    buckets: {},
  }),
  patientUploadsCreate: fn('PatientUploadsCreate', 'functions/api/patient/uploads-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: { intake: 'write' },
  }),
  casesUploadsCreate: fn('CasesUploadsCreate', 'functions/api/coordinator/cases-uploads-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: { intake: 'write' },
  }),
  casesUploadComplete: fn('CasesUploadComplete', 'functions/api/coordinator/cases-uploads-complete.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: { intake: 'write' },
  }),
  patientUploadPartsSign: fn('PatientUploadPartsSign', 'functions/api/patient/uploads-parts-create.ts', {
    tables: { cases: 'read', audit: 'write' },
    buckets: { intake: 'write' },
  }),
  patientUploadPartsList: fn('PatientUploadPartsList', 'functions/api/patient/uploads-parts-list.ts', {
    tables: { cases: 'read', audit: 'write' },
    buckets: { intake: 'write' },
  }),
  patientUploadComplete: fn('PatientUploadComplete', 'functions/api/patient/uploads-complete.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: { intake: 'write' },
  }),
  patientUploadAbort: fn('PatientUploadAbort', 'functions/api/patient/uploads-delete.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: { intake: 'write' },
  }),
  casesDiagnosisPut: fn('CasesDiagnosisPut', 'functions/api/coordinator/cases-diagnosis-update.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  casesGapsCreate: fn('CasesGapsCreate', 'functions/api/coordinator/cases-gaps-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  casesGapWaive: fn('CasesGapWaive', 'functions/api/coordinator/cases-gaps-waive.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  casesDocumentRemove: fn(
    'CasesDocumentRemove',
    'functions/api/coordinator/cases-documents-remove-create.ts',
    {
      tables: { cases: 'write', audit: 'write' },
      buckets: {},
    },
  ),
  patientImagingShipment: fn('PatientImagingShipment', 'functions/api/patient/imaging-shipment-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  casesCertifiedUploadsCreate: fn(
    'CasesCertifiedUploadsCreate',
    'functions/api/coordinator/cases-certified-translations-create.ts',
    {
      tables: { cases: 'write', audit: 'write' },
      buckets: { records: 'write' },
    },
  ),
  casesCertifiedUploadComplete: fn(
    'CasesCertifiedUploadComplete',
    'functions/api/coordinator/cases-certified-translations-complete.ts',
    {
      tables: { cases: 'write', hospitals: 'read', audit: 'write' },
      buckets: { records: 'read' },
      workflow: 'callback',
      // The PDF is read whole (up to 32 MB) and parsed to check it carries no active content.
      memoryMb: 512,
    },
  ),
  hospitalsList: fn('HospitalsList', 'functions/api/coordinator/hospitals-list.ts', {
    tables: { hospitals: 'read', audit: 'write' },
    buckets: {},
  }),
  hospitalsCreate: fn('HospitalsCreate', 'functions/api/coordinator/hospitals-create.ts', {
    tables: { hospitals: 'write', audit: 'write' },
    buckets: {},
  }),
  hospitalsUpdate: fn('HospitalsUpdate', 'functions/api/coordinator/hospitals-update.ts', {
    tables: { hospitals: 'write', audit: 'write' },
    buckets: {},
  }),
  hospitalTokensList: fn('HospitalTokensList', 'functions/api/coordinator/hospitals-tokens-list.ts', {
    tables: { hospitals: 'read', tokens: 'read' },
    buckets: {},
  }),
  hospitalTokensIssue: fn('HospitalTokensIssue', 'functions/api/coordinator/hospitals-tokens-create.ts', {
    tables: { hospitals: 'read', tokens: 'write', audit: 'write' },
    buckets: {},
  }),
  hospitalTokensRotate: fn('HospitalTokensRotate', 'functions/api/coordinator/hospitals-tokens-rotate.ts', {
    tables: { hospitals: 'read', tokens: 'write', audit: 'write' },
    buckets: {},
  }),
  hospitalTokensRevoke: fn('HospitalTokensRevoke', 'functions/api/coordinator/hospitals-tokens-delete.ts', {
    tables: { hospitals: 'read', tokens: 'write', audit: 'write' },
    buckets: {},
  }),
  casesHospitalMatches: fn(
    'CasesHospitalMatches',
    'functions/api/coordinator/cases-hospital-matches-list.ts',
    {
      tables: { cases: 'read', hospitals: 'read', audit: 'write' },
      buckets: {},
    },
  ),
  patientTreatmentHistoryPut: fn(
    'PatientTreatmentHistoryPut',
    'functions/api/patient/treatment-history-update.ts',
    {
      tables: { cases: 'write', audit: 'write' },
      buckets: {},
    },
  ),
  patientConsent: fn('PatientConsent', 'functions/api/patient/consent-create.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: {},
  }),
  bookPage: fn('BookPage', 'functions/api/public/book-get.ts', {
    tables: {},
    buckets: {},
    assets: ['bookingPage'],
  }),
  bookingSlotsList: fn('BookingSlotsList', 'functions/api/public/booking-slots-list.ts', {
    tables: { cases: 'read' },
    buckets: {},
  }),
  // The slot claims and bookings are items of the cases table (adapters/booking-store).
  bookingHoldsCreate: fn('BookingHoldsCreate', 'functions/api/public/booking-holds-create.ts', {
    // tokens: the visitor's personal link to the booking.
    tables: { cases: 'write', tokens: 'write' },
    buckets: {},
  }),
  bookingManage: fn('BookingManage', 'functions/api/public/booking-manage-create.ts', {
    tables: { cases: 'read', tokens: 'read' },
    buckets: {},
  }),
  // A confirmed call cancelled or moved is emailed (with the calendar's cancellation or update).
  bookingCancel: fn('BookingCancel', 'functions/api/public/booking-manage-cancel.ts', {
    tables: { cases: 'write', tokens: 'read', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  bookingReschedule: fn('BookingReschedule', 'functions/api/public/booking-manage-reschedule-create.ts', {
    tables: { cases: 'write', tokens: 'read', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  bookingsList: fn('BookingsList', 'functions/api/coordinator/bookings-list.ts', {
    tables: { cases: 'read' },
    buckets: {},
  }),
  bookingsPayment: fn('BookingsPayment', 'functions/api/coordinator/bookings-payment-create.ts', {
    // tokens: the confirmation carries a personal link of its own.
    tables: { cases: 'write', tokens: 'write', audit: 'write' },
    buckets: {},
    // The confirmation with its calendar invitation.
    notifies: true,
  }),
  bookingCheckout: fn('BookingCheckout', 'functions/api/public/booking-manage-checkout-create.ts', {
    tables: { cases: 'read', tokens: 'read' },
    buckets: {},
    cardPayments: true,
  }),
  bookingsRefund: fn('BookingsRefund', 'functions/api/coordinator/bookings-refund-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    // A card payment is refunded through Stripe.
    cardPayments: true,
  }),
  // Reminders a day and an hour before each confirmed call, on a schedule.
  callReminders: fn('CallReminders', 'functions/events/call-reminders.ts', {
    tables: { cases: 'write' },
    buckets: {},
    notifies: true,
    asynchronous: true,
    schedule: { everyMinutes: REMINDER_SWEEP_MINUTES },
  }),
  availabilityGet: fn('AvailabilityGet', 'functions/api/coordinator/availability-get.ts', {
    tables: { cases: 'read' },
    buckets: {},
  }),
  availabilityUpdate: fn('AvailabilityUpdate', 'functions/api/coordinator/availability-update.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  casesQuoteCreate: fn('CasesQuoteCreate', 'functions/api/coordinator/cases-quote-create.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: {},
  }),
  // The invoice and credit-note sequences are items of the cases table (adapters/invoice-numbers).
  casesQuotePayment: fn('CasesQuotePayment', 'functions/api/coordinator/cases-quote-payment-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  casesQuoteWaiver: fn('CasesQuoteWaiver', 'functions/api/coordinator/cases-quote-waiver-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  casesQuoteRefund: fn('CasesQuoteRefund', 'functions/api/coordinator/cases-quote-refund-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    cardPayments: true,
  }),
  patientQuoteCheckout: fn('PatientQuoteCheckout', 'functions/api/patient/quote-checkout-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    cardPayments: true,
  }),
  stripeWebhook: fn('StripeWebhook', 'functions/api/public/payments-stripe-webhook-create.ts', {
    // tokens and notifies: a strategy call paid by card is confirmed, by email with its own link.
    tables: { cases: 'write', tokens: 'write', audit: 'write' },
    buckets: {},
    notifies: true,
    cardPayments: true,
  }),
  casesReceiptGet: fn('CasesReceiptGet', 'functions/api/coordinator/cases-receipts-get.ts', receiptReader),
  patientQuoteAccept: fn('PatientQuoteAccept', 'functions/api/patient/quote-accept-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
  }),
  patientReceiptGet: fn('PatientReceiptGet', 'functions/api/patient/receipts-get.ts', receiptReader),
  patientReportGet: fn('PatientReportGet', 'functions/api/patient/report-get.ts', {
    tables: { cases: 'read', audit: 'write' },
    buckets: { records: 'read' },
  }),
  relayCasesList: fn('RelayCasesList', 'functions/api/hospital/cases-list.ts', {
    tables: { cases: 'read', audit: 'write', rateLimits: 'write' },
    buckets: {},
  }),
  relayPackageGet: fn('RelayPackageGet', 'functions/api/hospital/cases-package-get.ts', {
    // cases write: the first open sets the case's hospitalOpenedAt, once (a conditional update).
    tables: { cases: 'write', audit: 'write', rateLimits: 'write' },
    buckets: { relay: 'read' },
  }),
  relayReceipt: fn('RelayReceipt', 'functions/api/hospital/cases-receipt-create.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write', rateLimits: 'write' },
    buckets: {},
    workflow: 'callback',
  }),
  relaySpecialist: fn('RelaySpecialist', 'functions/api/hospital/cases-specialist-create.ts', {
    tables: { cases: 'write', audit: 'write', rateLimits: 'write' },
    buckets: {},
  }),
  relayExtension: fn('RelayExtension', 'functions/api/hospital/cases-extension-create.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write', rateLimits: 'write' },
    buckets: {},
    // Ends the report wait with DeadlineChanged so the workflow plans from the new date.
    workflow: 'callback',
    notifies: true,
  }),
  relayQuestionsList: fn('RelayQuestionsList', 'functions/api/hospital/cases-questions-list.ts', {
    tables: { cases: 'read', audit: 'write', rateLimits: 'write' },
    buckets: {},
  }),
  relayAddendum: fn('RelayAddendum', 'functions/api/hospital/cases-addendum-create.ts', {
    tables: { cases: 'write', audit: 'write', rateLimits: 'write' },
    buckets: { relay: 'manage', records: 'write' },
    // The hospital's PDF is checked, copied and hashed as one version of each object.
    versionReads: ['relay', 'records'],
    notifies: true,
    timeoutSeconds: 120,
    // The PDF is read whole (up to 32 MB) and parsed to check it carries no active content.
    memoryMb: 512,
  }),
  patientQuestions: fn('PatientQuestions', 'functions/api/patient/questions-create.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  patientPostReportCall: fn('PatientPostReportCall', 'functions/api/patient/post-report-call-create.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  relayOpenapi: fn('RelayOpenapi', 'functions/api/public/openapi-get.ts', { tables: {}, buckets: {} }),
  relayReportUploadsCreate: fn(
    'RelayReportUploadsCreate',
    'functions/api/hospital/cases-report-uploads-create.ts',
    {
      tables: { cases: 'write', audit: 'write', rateLimits: 'write' },
      buckets: { relay: 'write' },
    },
  ),
  relayReport: fn('RelayReport', 'functions/api/hospital/cases-report-create.ts', {
    tables: { cases: 'write', audit: 'write', rateLimits: 'write' },
    buckets: { relay: 'manage', records: 'write' },
    // The hospital's PDF is checked, copied and hashed as one version of each object.
    versionReads: ['relay', 'records'],
    workflow: 'callback',
    notifies: true,
    timeoutSeconds: 120,
    // The PDF is read whole (up to 32 MB) and parsed to check it carries no active content.
    memoryMb: 512,
  }),
  patientAuthorizer: fn('PatientAuthorizer', 'functions/auth/patient-authorizer.ts', {
    // rateLimits: refusals are counted there (audit events are never updated).
    tables: { tokens: 'read', audit: 'write', rateLimits: 'write' },
    buckets: {},
  }),
  hospitalAuthorizer: fn('HospitalAuthorizer', 'functions/auth/hospital-authorizer.ts', {
    // hospitals: a staff member's sign-in opens a hospital the directory holds (one GetItem).
    tables: { tokens: 'read', audit: 'write', rateLimits: 'write', hospitals: 'read' },
    buckets: {},
  }),
  coordinatorAuthorizer: fn('CoordinatorAuthorizer', 'functions/auth/coordinator-authorizer.ts', {
    // Verifies sign-in access tokens (keys from the issuer); refusals are audited and counted.
    tables: { audit: 'write', rateLimits: 'write' },
    buckets: {},
  }),
  consolePage: fn('ConsolePage', 'functions/api/public/console-get.ts', {
    tables: {},
    buckets: {},
    assets: ['consolePage'],
    // The page's Content-Security-Policy lets it upload to the intake bucket (on the patient's behalf).
    bucketNames: ['intake'],
  }),
  hospitalPage: fn('HospitalPage', 'functions/api/public/hospital-get.ts', {
    tables: {},
    buckets: {},
    assets: ['hospitalPage'],
    // The page's Content-Security-Policy lets it read the relay bucket (presigned GETs, no grant).
    bucketNames: ['relay'],
  }),
  casesList: fn('CasesList', 'functions/api/coordinator/cases-list.ts', {
    // hospitals: the rows name the hospital a case went to.
    tables: { cases: 'read', hospitals: 'read', audit: 'write' },
    buckets: {},
  }),
  dashboardGet: fn('DashboardGet', 'functions/api/coordinator/dashboard-get.ts', {
    tables: { cases: 'read', hospitals: 'read', audit: 'write' },
    buckets: {},
  }),
  uploadProcessor: fn('UploadProcessor', 'functions/events/upload-processor.ts', {
    tables: { cases: 'write', audit: 'write' },
    // `erase`: an upload with no case behind it (one that landed after an erasure) is deleted.
    buckets: { intake: 'erase', records: 'write' },
    // The upload's pinned version: validated, hashed and copied by its version id.
    versionReads: ['intake'],
    // A PDF disarmed of its active content, and a DICOM data set wrapped as Part 10, beside the
    // original in quarantine (objectKeys.intakeDisarmed, objectKeys.intakeWrapped).
    derivedWrites: { intake: ['cases/*/disarmed/*', 'cases/*/wrapped/*'] },
    notifies: true,
    asynchronous: true,
    timeoutSeconds: 900,
    assets: ['ocrEngine'],
    memoryMb: 1024,
  }),
  scanResultProcessor: fn('ScanResultProcessor', 'functions/events/scan-result-processor.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: { intake: 'read', records: 'write' },
    versionReads: ['intake'],
    notifies: true,
    asynchronous: true,
    timeoutSeconds: 900,
  }),
  emailFeedbackProcessor: fn('EmailFeedbackProcessor', 'functions/events/email-feedback-processor.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    notifies: true,
    asynchronous: true,
  }),
  preparePackage: fn('PreparePackage', 'functions/workflow/prepare-package.ts', {
    tables: { cases: 'read' },
    buckets: {},
  }),
  translateDocument: fn('TranslateDocument', 'functions/workflow/translate-document.ts', {
    tables: { cases: 'read' },
    buckets: { records: 'write' },
    translates: true,
    // An outage of Amazon Translate that outlasts the retries is mailed to the coordinator (services/translation-outage).
    notifies: true,
    timeoutSeconds: 300,
    memoryMb: 1024,
  }),
  buildPackage: fn('BuildPackage', 'functions/workflow/build-package.ts', {
    tables: { cases: 'write', hospitals: 'read' },
    buckets: { records: 'write' },
    translates: true,
    // An outage of Amazon Translate that outlasts the retries is mailed to the coordinator (services/translation-outage).
    notifies: true,
    assets: ['terminology', 'summaryFont'],
    timeoutSeconds: 300,
    memoryMb: 1024,
  }),
  deliverPackage: fn('DeliverPackage', 'functions/workflow/deliver-package.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: { records: 'read', relay: 'write' },
    notifies: true,
    timeoutSeconds: 900,
  }),
  awaitCallback: fn('AwaitCallback', 'functions/workflow/await-callback.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    workflow: 'callback',
  }),
  trackDeadline: fn('TrackDeadline', 'functions/workflow/track-deadline.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  escalate: fn('Escalate', 'functions/workflow/escalate.ts', {
    tables: { cases: 'write', hospitals: 'read', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
  translateReport: fn('TranslateReport', 'functions/workflow/translate-report.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: { records: 'write' },
    translates: true,
    timeoutSeconds: 300,
    memoryMb: 1024,
  }),
  deliverReport: fn('DeliverReport', 'functions/workflow/deliver-report.ts', {
    tables: { cases: 'write', audit: 'write' },
    buckets: {},
    notifies: true,
  }),
} as const satisfies Record<FunctionKey, FunctionDefinition>;

/** The sign-in's settings (names in functions/contract/env.ts): the token issuer, the app clients, the OAuth endpoints. */
export type SignInSetting = Extract<keyof typeof env, `auth${string}`>;

/**
 * Which functions are told about the sign-in, and what: the authorizers verify access tokens
 * (issuer and keys, and which client issued them); the console page tells the browser where to
 * sign in and for which client. No other function needs any of it.
 */
export const signInSettings = {
  coordinatorAuthorizer: ['authIssuer', 'authConsoleClientId', 'authMachineClientId', 'authOauthUrl'],
  hospitalAuthorizer: ['authIssuer', 'authConsoleClientId', 'authMachineClientId', 'authOauthUrl'],
  consolePage: ['authIssuer', 'authConsoleClientId', 'authOauthUrl'],
  hospitalPage: ['authIssuer', 'authConsoleClientId', 'authOauthUrl'],
} as const satisfies Partial<Record<FunctionKey, readonly SignInSetting[]>>;

/**
 * The token authorizers' settings, for API Gateway and the local gateway alike. No result
 * cache: API Gateway would answer from it for its whole TTL, so a revoked hospital token or a
 * cancelled case's patient link would keep reading records and changing the case until it
 * expired. Every request's token is looked up instead (one consistent read).
 */
export const tokenAuthorizerSettings = {
  /** The identity source: the header holding the token, and API Gateway's cache key. */
  identityHeader: 'Authorization',
  resultsCacheTtlSeconds: 0,
} as const;
