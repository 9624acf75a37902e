import type { Deadline } from '../business-days';
import type { FileKind } from '../checklist';
import type { TrackingStepKind } from '../deadline-tracking';
import type { DicomSummary } from '../dicom';
import type { ImageSummary } from '../image-header';
import type { ImagingIndex } from '../imaging-index';
import type { DivergencePoint, Opinion, RemoteReviewLimit } from '../opinion';
import type { Diagnosis } from '../pathology';
import { readsTraditionalChinese } from '../patient-languages';
import type { PdfSummary } from '../pdf';
import type { TreatmentHistory } from '../schemas';
import type { MessageParams, RejectionCode } from '../server-messages';
import type { CallbackStage, CancerType, CaseStatus, DocumentStatus, ItemId, Outcome } from '../vocabulary';
import type { ArchiveSummary } from '../zip-index';
import type { Quote } from './quote';

/** The records a case is stored as: the case, its documents, its timeline, and what they hold. */
export interface PatientDetails {
  readonly fullName: string;
  readonly email: string;
  readonly dateOfBirth: string;
  /** As the patient states it; compared with the sex a record states (DICOM's M, F, O). */
  readonly sex?: 'female' | 'male' | 'other';
  readonly country: string;
  readonly language: string;
}

export interface Consent {
  readonly hospitalId: string;
  readonly fullName: string;
  readonly at: string;
  /** The limits of a remote review the patient acknowledged (all of them). */
  readonly acknowledgedLimits?: readonly RemoteReviewLimit[];
}

export interface CallbackState {
  /** Step Functions task token of the workflow's wait, once the workflow reached it. */
  readonly token?: string;
  /** When a person completed the stage through the API. */
  readonly completedAt?: string;
  /** Output to send the workflow when the stage completes. */
  readonly output?: Record<string, unknown>;
}

export interface CertifiedTranslation {
  readonly documentId: string;
  readonly uploadId: string;
  readonly fileName: string;
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
  readonly at: string;
}

export interface CertifiedUploadRecord {
  readonly caseId: string;
  readonly uploadId: string;
  readonly documentId: string;
  readonly fileName: string;
  readonly declaredSize: number;
  readonly key: string;
  readonly createdAt: string;
}

/**
 * A file the package adds to the records: the summary (PDF, and the same data as JSON for the
 * portal's page), the manifest, machine translations.
 */
export interface PackageFile {
  readonly fileId: string;
  readonly fileName: string;
  readonly category: 'summary' | 'summary-data' | 'manifest' | 'translation';
  readonly size: number;
  readonly sha256: string;
  /** Key in the records bucket. */
  readonly key: string;
  /** For translations: the document translated, and whether by machine or not at all. */
  readonly sourceDocumentId?: string;
  readonly translation?: 'machine-draft' | 'untranslated' | 'certified';
}

export interface RelayFile {
  readonly fileId: string;
  readonly fileName: string;
  readonly category: ItemId | PackageFile['category'];
  readonly translation?: PackageFile['translation'];
  readonly size: number;
  readonly sha256: string;
  readonly key: string;
  /** The fixed type storage answers its download with (absent on files delivered before). */
  readonly contentType?: string;
  /**
   * A DICOM record's place in the imaging: its series (an index into the case's `relaySeries`,
   * so a 300-slice series stores its UIDs once, not 300 times in the case item) and instance number.
   */
  readonly dicom?: RelayDicomRef;
}

export interface RelayDicomRef {
  readonly series: number;
  readonly instanceNumber?: number;
}

/** A DICOM series of the delivered package, as its headers name it. */
export interface RelaySeries {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly modality?: string;
  readonly seriesDescription?: string;
}

export interface ReportRecord {
  readonly uploadId: string;
  readonly recordsKey: string;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly outcome: Outcome;
  readonly specialist: { readonly name: string; readonly department: string };
  readonly receivedAt: string;
  readonly language: 'en' | 'zh';
  readonly opinion: Opinion;
  /** The report's text in the patient's language, when it differs from the report's. */
  readonly translation?: {
    readonly key: string;
    readonly language: string;
    readonly method: 'amazon-translate' | 'untranslated';
    readonly note: string;
    /** Some numbers of the original do not show in the machine translation (the note says so). */
    readonly numbersDiffer?: true;
    readonly size: number;
    readonly sha256: string;
  };
}

/** The plain-language summary in the patient's language, or why it is in English. */
export interface SummaryTranslation {
  readonly language: string;
  readonly method: 'amazon-translate' | 'untranslated';
  /** The machine translation; absent when untranslated (the patient reads the English). */
  readonly text?: string;
  readonly numbersDiffer?: true;
}

/**
 * The Amazon Translate language a patient reads, from their language tag: traditional Chinese
 * keeps its script, everything else its primary language.
 */
export function readingLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  const primary = lower.split(/[-_]/)[0] ?? lower;
  return primary === 'zh' && readsTraditionalChinese(lower) ? 'zh-TW' : primary;
}

/** A question the patient asks after reading the report (three at most). */
export interface FollowUpQuestion {
  readonly questionId: string;
  readonly text: string;
  readonly askedAt: string;
  /** The hospital's answer, and the addendum that carried it. */
  readonly answer?: { readonly text: string; readonly addendumId: string; readonly answeredAt: string };
}

/** A written addendum from the hospital answering follow-up questions. */
export interface Addendum {
  readonly addendumId: string;
  readonly recordsKey: string;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly receivedAt: string;
  readonly questionIds: readonly string[];
}

/** Where the opinion departs from the plan the case held, for the coordinator to act on. */
export interface Divergence {
  readonly points: readonly DivergencePoint[];
  readonly flaggedAt: string;
}

export type StoredCaseStatus = Exclude<CaseStatus, 'ready'>;

export interface TrackingRecord {
  readonly stepId: string;
  readonly kind: TrackingStepKind;
  readonly followUp?: number;
  /** When the step was due (the hospital's offset) and when it was sent (business clock). */
  readonly dueAt: string;
  readonly sentAt: string;
}

export interface DeadlineExtension {
  readonly businessDays: number;
  /** The hospital's words: shown to the coordinator, not to the patient. */
  readonly reason: string;
  readonly previousDueOn: string;
  readonly dueOn: string;
  readonly at: string;
  readonly by: string;
}

export interface CaseRecord {
  readonly caseId: string;
  readonly version: number;
  readonly status: StoredCaseStatus;
  readonly cancerType: CancerType;
  readonly patient: PatientDetails;
  readonly question: string;
  readonly expedited: boolean;
  readonly requestedModalities?: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** How many times the case was submitted; names the workflow execution. */
  readonly submission: number;
  readonly hospitalId?: string;
  readonly treatmentHistory?: TreatmentHistory;
  readonly consent?: Consent;
  readonly deadline?: Deadline;
  /** The reminders, follow-ups and escalations the deadline tracking has sent. */
  readonly tracking?: readonly TrackingRecord[];
  /** Extensions the hospital asked for, oldest first. */
  readonly extensions?: readonly DeadlineExtension[];
  readonly deliveredAt?: string;
  readonly relayFiles?: readonly RelayFile[];
  /** The DICOM series the relay files belong to (RelayFile.dicom.series indexes this). */
  readonly relaySeries?: readonly RelaySeries[];
  /**
   * When the hospital first opened the delivered package (a package read with a purpose, by a
   * staff member or the hospital's token): set once, by a conditional write; the inbox's `new`.
   */
  readonly hospitalOpenedAt?: string;
  /** The package built for the current submission, summary and manifest first. */
  readonly packageFiles?: readonly PackageFile[];
  readonly packageDigest?: string;
  /** Certified translations a coordinator supplied for this submission, by source document. */
  readonly certifiedTranslations?: readonly CertifiedTranslation[];
  readonly callbacks: Partial<Record<CallbackStage, CallbackState>>;
  readonly report?: ReportRecord;
  readonly divergence?: Divergence;
  /** A clinician-to-clinician call the coordinator asked the hospital for. */
  readonly clinicianCall?: { readonly note: string; readonly at: string; readonly by: string };
  /** The third review opened for this case, if any. */
  readonly thirdReviewCaseId?: string;
  /** Set when erasure began: the case is hidden from patient and hospital until it is gone. */
  readonly erasure?: { readonly requestedBy: 'patient'; readonly startedAt: string; readonly by: string };
  /** For a third review: the case whose opinion it reviews again. */
  readonly thirdReviewOf?: string;
  /** The specialist the hospital assigned, once it says so. */
  readonly specialist?: { readonly name: string; readonly department: string; readonly assignedAt: string };
  readonly plainLanguageSummary?: string;
  /** The summary machine-translated for a patient who reads another language than English. */
  readonly plainLanguageSummaryTranslation?: SummaryTranslation;
  /** After delivery: the patient's follow-up questions, the hospital's addenda, the call request. */
  readonly questions?: readonly FollowUpQuestion[];
  readonly addenda?: readonly Addendum[];
  readonly postReportCall?: { readonly preferredTimes: string; readonly requestedAt: string };
  /** Notifications SES reported as bounced, complained about or rejected. */
  readonly undelivered?: readonly {
    readonly messageId: string;
    readonly kind: 'Bounce' | 'Complaint' | 'Reject';
    readonly notification: string;
    readonly at: string;
  }[];
  readonly completedAt?: string;
  /** From the pathology report, or as the coordinator corrected it. */
  readonly diagnosis?: Diagnosis;
  readonly customGaps?: readonly CustomGap[];
  readonly waivers?: readonly Waiver[];
  readonly imagingShipment?: ImagingShipment;
  /** Quotes for the review, oldest first; the last is current unless withdrawn (core/case/quote.ts). */
  readonly quotes?: readonly Quote[];
}

export interface DocumentRecord {
  readonly caseId: string;
  readonly documentId: string;
  readonly itemId: ItemId;
  readonly fileName: string;
  readonly contentType: string;
  readonly declaredSize: number;
  readonly status: DocumentStatus;
  /** Why it was rejected, in plain English; `reasonCode` and `reasonParams` say it in any language. */
  readonly reason?: string;
  readonly reasonCode?: RejectionCode;
  readonly reasonParams?: MessageParams;
  /** The coordinator who removed the document from the case (its reason says why). */
  readonly removedBy?: string;
  readonly kind?: FileKind;
  /** Key in the intake (quarantine) bucket: ids only. */
  readonly intakeKey: string;
  /**
   * The intake object version this document is, from the first object-created event handled
   * for its key (with its ETag): every check, the scan verdict, the hash and the copy to the
   * records are about this version; a later one written to the same key never inherits them.
   */
  readonly versionId?: string;
  readonly etag?: string;
  /** Verdicts that arrived before the version was pinned; only the pinned version's is applied. */
  readonly earlyScans?: readonly MalwareScan[];
  /**
   * Later versions written to the key (an upload link used again), by version id: refused,
   * left in the intake (quarantine) bucket, and never checked, scanned or copied for this document.
   */
  readonly refusedVersions?: Readonly<Record<string, RefusedVersion>>;
  /** Who asked for the upload link. */
  readonly uploadedBy?: 'patient' | 'coordinator';
  /** Present for multipart uploads: S3's upload id and the part layout that was signed. */
  readonly multipart?: { readonly s3UploadId: string; readonly partSize: number; readonly partCount: number };
  /** SHA-256 the uploader computed, checked against the bytes that arrived. */
  readonly clientSha256?: string;
  /** Key in the records bucket once accepted. */
  readonly recordsKey?: string;
  /**
   * The malware scan's verdict (GuardDuty Malware Protection for S3), or `not-scanned` where
   * no scanner runs (the local backend): said, never implied.
   */
  readonly scan?: MalwareScan;
  /** Checked and hashed, waiting for the scan's verdict before it is promoted to the records. */
  readonly validated?: ValidatedUpload;
  readonly size?: number;
  readonly sha256?: string;
  /** What the DICOM header says, for the imaging index. */
  readonly dicom?: DicomSummary;
  /** What opening the PDF showed; absent when it was too large to read. */
  readonly pdf?: PdfSummary;
  /** Width and height from a JPEG or PNG header. */
  readonly image?: ImageSummary;
  /** The index of a disc export, from its central directory. */
  readonly archive?: ArchiveSummary;
  /** Set when the PDF was accepted with its active content removed. */
  readonly disarmed?: DisarmedPdf;
  /** Set when a DICOM data set without the Part 10 preamble was delivered wrapped as Part 10. */
  readonly wrapped?: WrappedDicom;
  /** Who a report says it is about (PHI: compared with the case's patient, never logged). */
  readonly reportIdentity?: ReportIdentity;
  /** The images inside a zipped disc, read header by header. */
  readonly disc?: DiscSummary;
  /** A scanned or photographed report read by OCR. */
  readonly ocr?: OcrOutcome;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type MalwareScanResult =
  | 'NO_THREATS_FOUND'
  | 'THREATS_FOUND'
  | 'UNSUPPORTED'
  | 'ACCESS_DENIED'
  | 'FAILED';

export interface MalwareScan {
  readonly result: MalwareScanResult | 'not-scanned';
  readonly at: string;
  /** Threat names GuardDuty reported (never file content). */
  readonly threats?: readonly string[];
  /** The object version GuardDuty scanned (its result names it). */
  readonly versionId?: string;
}

export interface RefusedVersion {
  readonly at: string;
  readonly reason: string;
  readonly etag?: string;
  readonly size?: number;
}

/** The reason a later version of an upload's object is refused. */
export const UPLOAD_LINK_REUSED = 'The upload link was used twice.';

/**
 * Whether a verdict is about the document's pinned version. A verdict that names no version
 * (an unversioned bucket holds one object per key) is about the only object there is.
 */
export function scanApplies(document: Pick<DocumentRecord, 'versionId'>, scan: MalwareScan): boolean {
  return (
    scan.versionId === undefined || document.versionId === undefined || scan.versionId === document.versionId
  );
}

/** The malware verdict about the document's pinned version, if it has arrived. */
export function verdictFor(document: DocumentRecord): MalwareScan | undefined {
  if (document.scan && scanApplies(document, document.scan)) return document.scan;
  if (!document.versionId) return undefined;
  return document.earlyScans?.find((scan) => scan.versionId === document.versionId);
}

/**
 * A PDF delivered without the active content it arrived with (JavaScript, launch or submit
 * actions, embedded files, XFA, polyglot bytes): the rewritten copy is the record; the upload
 * as it arrived stays in the intake (quarantine) bucket.
 */
export interface DisarmedPdf {
  /** The rewritten copy in the intake bucket, promoted to the records in place of the original. */
  readonly intakeKey: string;
  /** The version of that copy that was written and hashed: the one promoted. */
  readonly versionId?: string;
  /** What was removed (ActiveContentKind values). */
  readonly removed: readonly string[];
  readonly original: { readonly size: number; readonly sha256: string };
}

/**
 * A DICOM data set that arrived without the 128-byte preamble (and perhaps without its meta
 * group): the records hold it wrapped as a Part 10 file so every viewer opens it; the upload as
 * it arrived stays in the intake (quarantine) bucket.
 */
export interface WrappedDicom {
  readonly intakeKey: string;
  readonly versionId?: string;
  readonly original: { readonly size: number; readonly sha256: string };
}

/** How well a scan or photo of a report could be read by OCR. */
export interface OcrOutcome {
  readonly pages: number;
  /** Mean word confidence, 0–1, when the text was read. */
  readonly confidence?: number;
  /** Why it could not be read: too small, unreadable (blurred, dark), or no page images. */
  readonly problem?: 'too_small' | 'unreadable' | 'no_images';
}

/** The patient a PDF or a scanned report names, where it states them. */
export interface ReportIdentity {
  /** The name as the report writes it, free text in any order. */
  readonly name?: string;
  /** A name the report gives in parts (surname and given name fields), as a PN value `Family^Given`. */
  readonly personName?: string;
  /** YYYY-MM-DD readings of the stated birth date (a day/month order can be ambiguous). */
  readonly birthDates?: readonly string[];
  readonly sex?: string;
}

/** One patient as the images of a disc name them, and how many images do. */
export interface DiscIdentity {
  readonly patientName?: string;
  readonly patientBirthDate?: string;
  readonly patientSex?: string;
  readonly images: number;
}

/** A zipped disc's images, compact enough for the document's item. */
export interface DiscSummary {
  readonly images: number;
  readonly dicomdir: boolean;
  readonly studies: ImagingIndex['studies'];
  /** The distinct patients the images name (at most a few on a real disc). */
  readonly identities: readonly DiscIdentity[];
  readonly studyDates: readonly string[];
  /** Images whose SOP Instance UID repeats inside the disc (kept once in the index). */
  readonly duplicates: number;
  readonly unreadable: number;
  readonly bytesRead: number;
}

/** What validation established about an upload, kept until the scan decides. */
export interface ValidatedUpload {
  readonly kind: FileKind;
  /** Size and SHA-256 of what is promoted (for a disarmed PDF, its rewritten copy). */
  readonly size: number;
  readonly sha256: string;
  readonly disarmed?: DisarmedPdf;
  readonly wrapped?: WrappedDicom;
  readonly dicom?: DicomSummary;
  readonly image?: ImageSummary;
  readonly pdf?: PdfSummary;
  readonly archive?: ArchiveSummary;
  readonly reportIdentity?: ReportIdentity;
  readonly disc?: DiscSummary;
  readonly ocr?: OcrOutcome;
  /** Read from a pathology report, recorded on the case once the file is accepted. */
  readonly diagnosis?: Diagnosis;
}

export interface ReportUploadRecord {
  readonly caseId: string;
  readonly uploadId: string;
  readonly hospitalId: string;
  readonly fileName: string;
  readonly declaredSize: number;
  readonly relayKey: string;
  readonly createdAt: string;
}

export interface TimelineEvent {
  readonly at: string;
  readonly type: string;
  readonly detail: string;
}

export interface CustomGap {
  readonly gapId: string;
  readonly itemId: ItemId;
  readonly severity: 'blocking' | 'advisory';
  readonly message: string;
  readonly by: string;
  readonly at: string;
}

export interface Waiver {
  readonly gapId: string;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

/** A physical imaging disc sent by courier instead of (or before) uploading the files. */
export interface ImagingShipment {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly shippedAt: string;
  readonly contents: string;
  readonly recordedAt: string;
  /** Set when the hospital confirms the disc arrived (issue 5). */
  readonly receivedAt?: string;
}

/** A case whose package reached the hospital's relay. */
export type DeliveredCase = CaseRecord & { readonly deliveredAt: string };

/** A case with everything stored under it. */
export interface CaseAggregate {
  readonly record: CaseRecord;
  readonly documents: readonly DocumentRecord[];
  readonly timeline: readonly TimelineEvent[];
}

/** What a coordinator gives to open a case. */
export interface NewCase {
  readonly caseId: string;
  readonly cancerType: CancerType;
  readonly patient: PatientDetails;
  readonly question: string;
  readonly expedited?: boolean | undefined;
  readonly requestedModalities?: readonly string[] | undefined;
  /** When it is opened (business clock). */
  readonly at: string;
}

/** A case as it is first stored: collecting records, version 1, never submitted. */
export function newCase(input: NewCase): CaseRecord {
  return {
    caseId: input.caseId,
    version: 1,
    status: 'collecting',
    cancerType: input.cancerType,
    patient: input.patient,
    question: input.question,
    expedited: input.expedited ?? false,
    ...(input.requestedModalities?.length ? { requestedModalities: input.requestedModalities } : {}),
    createdAt: input.at,
    updatedAt: input.at,
    submission: 0,
    callbacks: {},
  };
}
