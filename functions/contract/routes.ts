/** The HTTP routes: path, who may call it, which function answers. Throttle figures and entries live in infra/. */

import type { FunctionKey } from './functions';

/** The throttle class of a route: its audience's, or a class of its own (infra/ holds the figures). */
export type RouteThrottle = 'coordinator' | 'patient' | 'hospital' | 'public' | 'page';

/**
 * Who may call a route. Coordinators present an access token of the sign-in (a person in the
 * coordinators group, or the machine client with the automation scope), verified by the
 * coordinator authorizer. `public` is documentation and the web pages' static files (no data: the
 * patient page asks for the patient's token, the console signs in), never data.
 */
export type RouteAuth = 'coordinator' | 'patient' | 'hospital' | 'public';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path template, e.g. /cases/{caseId}. */
  readonly path: string;
  readonly auth: RouteAuth;
  readonly handler: FunctionKey;
  /** Throttled as this audience instead of its auth's (the public page's assets). */
  readonly throttle?: RouteThrottle;
}

export const routes: readonly RouteDefinition[] = [
  { method: 'POST', path: '/cases', auth: 'coordinator', handler: 'casesCreate' },
  { method: 'GET', path: '/cases', auth: 'coordinator', handler: 'casesList' },
  { method: 'GET', path: '/dashboard', auth: 'coordinator', handler: 'dashboardGet' },
  { method: 'GET', path: '/cases/{caseId}', auth: 'coordinator', handler: 'casesGet' },
  { method: 'POST', path: '/cases/{caseId}/submit', auth: 'coordinator', handler: 'casesSubmit' },
  { method: 'POST', path: '/cases/{caseId}/summary', auth: 'coordinator', handler: 'casesSummary' },
  { method: 'POST', path: '/cases/{caseId}/cancel', auth: 'coordinator', handler: 'casesCancel' },
  { method: 'POST', path: '/cases/{caseId}/erase', auth: 'coordinator', handler: 'casesErase' },
  { method: 'GET', path: '/cases/{caseId}/summary-draft', auth: 'coordinator', handler: 'casesSummaryDraft' },
  {
    method: 'POST',
    path: '/cases/{caseId}/clinician-call',
    auth: 'coordinator',
    handler: 'casesClinicianCall',
  },
  { method: 'POST', path: '/cases/{caseId}/third-review', auth: 'coordinator', handler: 'casesThirdReview' },
  { method: 'POST', path: '/cases/{caseId}/uploads', auth: 'coordinator', handler: 'casesUploadsCreate' },
  {
    method: 'POST',
    path: '/cases/{caseId}/uploads/{uploadId}/complete',
    auth: 'coordinator',
    handler: 'casesUploadComplete',
  },
  { method: 'PUT', path: '/cases/{caseId}/diagnosis', auth: 'coordinator', handler: 'casesDiagnosisPut' },
  { method: 'POST', path: '/cases/{caseId}/gaps', auth: 'coordinator', handler: 'casesGapsCreate' },
  // The patient is emailed, in their language, their personal link or what is still missing.
  {
    method: 'POST',
    path: '/cases/{caseId}/patient-emails',
    auth: 'coordinator',
    handler: 'casesPatientEmails',
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/gaps/{gapId}/waive',
    auth: 'coordinator',
    handler: 'casesGapWaive',
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/documents/{documentId}/remove',
    auth: 'coordinator',
    handler: 'casesDocumentRemove',
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/certified-translations',
    auth: 'coordinator',
    handler: 'casesCertifiedUploadsCreate',
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/certified-translations/{uploadId}/complete',
    auth: 'coordinator',
    handler: 'casesCertifiedUploadComplete',
  },
  // The review's quote and its payment: issued once the records are sufficient, paid by bank
  // transfer (recorded here) or waived; refunded with a credit note before submission.
  { method: 'POST', path: '/cases/{caseId}/quote', auth: 'coordinator', handler: 'casesQuoteCreate' },
  {
    method: 'POST',
    path: '/cases/{caseId}/quote/payment',
    auth: 'coordinator',
    handler: 'casesQuotePayment',
  },
  { method: 'POST', path: '/cases/{caseId}/quote/waiver', auth: 'coordinator', handler: 'casesQuoteWaiver' },
  { method: 'POST', path: '/cases/{caseId}/quote/refund', auth: 'coordinator', handler: 'casesQuoteRefund' },
  {
    method: 'GET',
    path: '/cases/{caseId}/receipts/{number}',
    auth: 'coordinator',
    handler: 'casesReceiptGet',
  },
  { method: 'GET', path: '/hospitals', auth: 'coordinator', handler: 'hospitalsList' },
  {
    method: 'GET',
    path: '/hospitals/{hospitalId}/tokens',
    auth: 'coordinator',
    handler: 'hospitalTokensList',
  },
  {
    method: 'POST',
    path: '/hospitals/{hospitalId}/tokens',
    auth: 'coordinator',
    handler: 'hospitalTokensIssue',
  },
  {
    method: 'POST',
    path: '/hospitals/{hospitalId}/tokens/rotate',
    auth: 'coordinator',
    handler: 'hospitalTokensRotate',
  },
  {
    method: 'DELETE',
    path: '/hospitals/{hospitalId}/tokens/{tokenId}',
    auth: 'coordinator',
    handler: 'hospitalTokensRevoke',
  },
  { method: 'POST', path: '/hospitals', auth: 'coordinator', handler: 'hospitalsCreate' },
  { method: 'PUT', path: '/hospitals/{hospitalId}', auth: 'coordinator', handler: 'hospitalsUpdate' },
  {
    method: 'GET',
    path: '/cases/{caseId}/hospital-matches',
    auth: 'coordinator',
    handler: 'casesHospitalMatches',
  },
  // The coordinator console: signs in through the OAuth endpoints, then calls the coordinator routes.
  { method: 'GET', path: '/console', auth: 'public', handler: 'consolePage', throttle: 'page' },
  { method: 'GET', path: '/console/{asset}', auth: 'public', handler: 'consolePage', throttle: 'page' },
  // The hospital portal: staff sign in like coordinators (the same public client), then call the relay routes.
  { method: 'GET', path: '/hospital', auth: 'public', handler: 'hospitalPage', throttle: 'page' },
  { method: 'GET', path: '/hospital/{asset}', auth: 'public', handler: 'hospitalPage', throttle: 'page' },
  // The strategy call: the public booking page, its free slots and holds (no account; throttled
  // like patients' routes, which many visitors share); the coordinators' side below.
  { method: 'GET', path: '/book', auth: 'public', handler: 'bookPage', throttle: 'page' },
  { method: 'GET', path: '/book/{asset}', auth: 'public', handler: 'bookPage', throttle: 'page' },
  { method: 'GET', path: '/booking/slots', auth: 'public', handler: 'bookingSlotsList', throttle: 'patient' },
  {
    method: 'POST',
    path: '/booking/holds',
    auth: 'public',
    handler: 'bookingHoldsCreate',
    throttle: 'patient',
  },
  // The visitor's personal link (its token in the body, never in a URL): view, cancel, move.
  { method: 'POST', path: '/booking/manage', auth: 'public', handler: 'bookingManage', throttle: 'patient' },
  {
    method: 'POST',
    path: '/booking/manage/cancel',
    auth: 'public',
    handler: 'bookingCancel',
    throttle: 'patient',
  },
  {
    method: 'POST',
    path: '/booking/manage/reschedule',
    auth: 'public',
    handler: 'bookingReschedule',
    throttle: 'patient',
  },
  {
    method: 'POST',
    path: '/booking/manage/checkout',
    auth: 'public',
    handler: 'bookingCheckout',
    throttle: 'patient',
  },
  { method: 'GET', path: '/bookings', auth: 'coordinator', handler: 'bookingsList' },
  { method: 'POST', path: '/bookings/{bookingId}/refund', auth: 'coordinator', handler: 'bookingsRefund' },
  { method: 'POST', path: '/bookings/{bookingId}/payment', auth: 'coordinator', handler: 'bookingsPayment' },
  { method: 'GET', path: '/availability', auth: 'coordinator', handler: 'availabilityGet' },
  { method: 'PUT', path: '/availability', auth: 'coordinator', handler: 'availabilityUpdate' },
  // The patient page: opened from the patient link, `<portal>/upload#<token>`.
  { method: 'GET', path: '/upload', auth: 'public', handler: 'patientPage', throttle: 'page' },
  { method: 'GET', path: '/upload/{asset}', auth: 'public', handler: 'patientPage', throttle: 'page' },
  { method: 'GET', path: '/patient/case', auth: 'patient', handler: 'patientCaseGet' },
  { method: 'GET', path: '/patient/hospitals', auth: 'patient', handler: 'patientHospitals' },
  { method: 'POST', path: '/patient/imaging-shipment', auth: 'patient', handler: 'patientImagingShipment' },
  {
    method: 'POST',
    path: '/patient/uploads/{uploadId}/parts',
    auth: 'patient',
    handler: 'patientUploadPartsSign',
  },
  {
    method: 'GET',
    path: '/patient/uploads/{uploadId}/parts',
    auth: 'patient',
    handler: 'patientUploadPartsList',
  },
  {
    method: 'POST',
    path: '/patient/uploads/{uploadId}/complete',
    auth: 'patient',
    handler: 'patientUploadComplete',
  },
  { method: 'DELETE', path: '/patient/uploads/{uploadId}', auth: 'patient', handler: 'patientUploadAbort' },
  { method: 'POST', path: '/patient/uploads', auth: 'patient', handler: 'patientUploadsCreate' },
  {
    method: 'PUT',
    path: '/patient/treatment-history',
    auth: 'patient',
    handler: 'patientTreatmentHistoryPut',
  },
  { method: 'POST', path: '/patient/consent', auth: 'patient', handler: 'patientConsent' },
  { method: 'GET', path: '/patient/report', auth: 'patient', handler: 'patientReportGet' },
  { method: 'POST', path: '/patient/quote/accept', auth: 'patient', handler: 'patientQuoteAccept' },
  { method: 'GET', path: '/patient/receipts/{number}', auth: 'patient', handler: 'patientReceiptGet' },
  { method: 'POST', path: '/patient/quote/checkout', auth: 'patient', handler: 'patientQuoteCheckout' },
  // Stripe's webhook: public, and trusted only once its signature verifies (the handler checks
  // it against the raw body); throttled like patients' routes, as Stripe sends bursts.
  {
    method: 'POST',
    path: '/payments/stripe/webhook',
    auth: 'public',
    handler: 'stripeWebhook',
    throttle: 'patient',
  },
  { method: 'POST', path: '/patient/questions', auth: 'patient', handler: 'patientQuestions' },
  {
    method: 'POST',
    path: '/patient/post-report-call',
    auth: 'patient',
    handler: 'patientPostReportCall',
  },
  { method: 'GET', path: '/relay/openapi.json', auth: 'public', handler: 'relayOpenapi' },
  { method: 'GET', path: '/relay/cases', auth: 'hospital', handler: 'relayCasesList' },
  { method: 'GET', path: '/relay/cases/{caseId}/package', auth: 'hospital', handler: 'relayPackageGet' },
  { method: 'POST', path: '/relay/cases/{caseId}/receipt', auth: 'hospital', handler: 'relayReceipt' },
  { method: 'POST', path: '/relay/cases/{caseId}/specialist', auth: 'hospital', handler: 'relaySpecialist' },
  { method: 'POST', path: '/relay/cases/{caseId}/extension', auth: 'hospital', handler: 'relayExtension' },
  { method: 'GET', path: '/relay/cases/{caseId}/questions', auth: 'hospital', handler: 'relayQuestionsList' },
  { method: 'POST', path: '/relay/cases/{caseId}/addendum', auth: 'hospital', handler: 'relayAddendum' },
  {
    method: 'POST',
    path: '/relay/cases/{caseId}/report-uploads',
    auth: 'hospital',
    handler: 'relayReportUploadsCreate',
  },
  { method: 'POST', path: '/relay/cases/{caseId}/report', auth: 'hospital', handler: 'relayReport' },
];

/** Which authorizer function guards each role's routes. */
export const authorizers = {
  patient: 'patientAuthorizer',
  hospital: 'hospitalAuthorizer',
  coordinator: 'coordinatorAuthorizer',
} as const satisfies Record<Exclude<RouteAuth, 'public'>, FunctionKey>;
