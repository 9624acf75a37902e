import { checklistFor } from '../checklist';
import { missingFromDiagnosis } from '../pathology';
import { LOW_CONFIDENCE } from '../scan-quality';
import { type GapCode, gapText, type MessageParams, type RejectionCode } from '../server-messages';
import type { CaseStatus, DocumentStatus, ItemId, ItemStatus } from '../vocabulary';
import { identityGaps } from './identity-gaps';
import type { CaseRecord, DocumentRecord, MalwareScan } from './record';
import { isWaivable } from './waivable';

/** Readiness: the checklist, the gaps still open, and the status a case shows (`ready` is derived). */

export interface Gap {
  /** Stable for the same shortfall, so a coordinator can waive exactly this one. */
  readonly gapId: string;
  readonly itemId: ItemId | 'consent';
  readonly severity: 'blocking' | 'advisory';
  /** Plain English, for API clients; `code` and `params` say it in any language (none on a coordinator's own gap). */
  readonly message: string;
  readonly code?: GapCode;
  readonly params?: MessageParams;
  readonly source: 'system' | 'coordinator';
}

export interface ChecklistEntry {
  readonly itemId: ItemId;
  readonly title: string;
  readonly description: string;
  readonly required: boolean;
  readonly status: ItemStatus;
  readonly documents: readonly {
    documentId: string;
    fileName: string;
    status: DocumentStatus;
    reason?: string;
    reasonCode?: RejectionCode;
    reasonParams?: MessageParams;
    /** The malware scan's verdict, or `not-scanned` where no scanner runs. */
    scan?: MalwareScan['result'];
    /** A PDF delivered without its active content: what was removed (the original stays in quarantine). */
    activeContentRemoved?: readonly string[];
  }[];
}

function itemStatus(documents: readonly DocumentRecord[]): ItemStatus {
  if (documents.some((doc) => doc.status === 'accepted')) return 'accepted';
  if (documents.some((doc) => doc.status === 'validating')) return 'received';
  if (documents.some((doc) => doc.status === 'rejected')) return 'rejected';
  return 'missing';
}

export function buildChecklist(record: CaseRecord, documents: readonly DocumentRecord[]): ChecklistEntry[] {
  return checklistFor(record.cancerType).map((item) => {
    const itemDocuments = documents
      .filter((doc) => doc.itemId === item.itemId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    let status: ItemStatus =
      item.itemId === 'treatment-history'
        ? record.treatmentHistory
          ? 'accepted'
          : 'missing'
        : itemStatus(itemDocuments);
    // A disc on its way satisfies imaging until files are accepted (the hospital confirms arrival).
    if (item.itemId === 'imaging' && status !== 'accepted' && record.imagingShipment) {
      status = record.imagingShipment.receivedAt ? 'accepted' : 'in-transit';
    }
    return {
      itemId: item.itemId,
      title: item.title,
      description: item.description,
      required: item.required,
      status,
      documents: itemDocuments.map((doc) => ({
        documentId: doc.documentId,
        fileName: doc.fileName,
        status: doc.status,
        ...(doc.reason ? { reason: doc.reason } : {}),
        ...(doc.reasonCode ? { reasonCode: doc.reasonCode } : {}),
        ...(doc.reasonParams ? { reasonParams: doc.reasonParams } : {}),
        ...(doc.scan ? { scan: doc.scan.result } : {}),
        ...(doc.disarmed ? { activeContentRemoved: doc.disarmed.removed } : {}),
      })),
    };
  });
}

/** Gaps from the documents, diagnosis and consent, before coordinator gaps and waivers. */
function systemGaps(record: CaseRecord, documents: readonly DocumentRecord[], forHospitalId?: string): Gap[] {
  const gaps: Gap[] = [];
  const gap = (
    gapId: string,
    itemId: Gap['itemId'],
    severity: Gap['severity'],
    code: GapCode,
    params?: MessageParams,
  ) =>
    gaps.push({
      gapId,
      itemId,
      severity,
      message: gapText(code, params),
      code,
      ...(params ? { params } : {}),
      source: 'system',
    });
  const accepted = (itemId: ItemId) =>
    documents.filter((doc) => doc.itemId === itemId && doc.status === 'accepted');

  for (const entry of buildChecklist(record, documents)) {
    if (entry.status === 'accepted') continue;
    if (entry.status === 'in-transit') {
      const shipment = [record.imagingShipment?.carrier ?? 'courier', record.imagingShipment?.trackingNumber]
        .filter(Boolean)
        .join(' ');
      gap('imaging:in-transit', 'imaging', 'advisory', 'imaging-in-transit', { shipment });
      continue;
    }
    const last = entry.documents.at(-1);
    const severity = entry.required ? 'blocking' : 'advisory';
    const gapId = `${entry.itemId}:${entry.status}`;
    const item = { item: entry.title.toLowerCase(), itemKey: `item.${entry.itemId}` };
    if (entry.status === 'received') gap(gapId, entry.itemId, severity, 'upload-checking', item);
    else if (entry.status === 'rejected' && last?.reason) {
      gap(gapId, entry.itemId, severity, 'upload-rejected', {
        ...item,
        reason: last.reason,
        ...(last.reasonCode ? { reasonKey: `rejection.${last.reasonCode}` } : {}),
        ...last.reasonParams,
      });
    } else gap(gapId, entry.itemId, severity, `missing-${entry.itemId}`);
  }

  const imaging = accepted('imaging');
  if (imaging.length > 0 && !imaging.some((doc) => doc.kind === 'dicom' || doc.kind === 'zip')) {
    gap('imaging:no-dicom', 'imaging', 'advisory', 'imaging-no-dicom');
  }

  const pathology = accepted('pathology-report');
  // A scan or photo OCR could not read: what to do, per file (a clearer copy).
  const unread = pathology.filter(
    (doc) => doc.ocr?.problem === 'too_small' || doc.ocr?.problem === 'unreadable',
  );
  for (const doc of unread) {
    gap(`ocr:${doc.documentId}`, 'pathology-report', 'advisory', `ocr-${doc.ocr?.problem ?? 'unreadable'}`);
  }
  if (record.diagnosis?.source.kind === 'ocr' && record.diagnosis.source.confidence < LOW_CONFIDENCE) {
    gap('diagnosis:low-confidence', 'pathology-report', 'advisory', 'diagnosis-low-confidence');
  }
  if (pathology.length > 0) {
    if (record.diagnosis) {
      for (const missing of missingFromDiagnosis(record.diagnosis, record.cancerType)) {
        gap(`diagnosis:${missing.key}`, 'pathology-report', 'advisory', missing.code, missing.params);
      }
    } else if (
      unread.length === 0 &&
      pathology.every((doc) => doc.kind !== 'pdf' || doc.pdf?.scanned !== false)
    ) {
      gap('pathology-report:scanned', 'pathology-report', 'advisory', 'pathology-report-scanned');
    }
  }

  gaps.push(...identityGaps(record, documents));

  if (!record.consent) {
    gap('consent:missing', 'consent', 'blocking', 'consent-missing');
  } else if (forHospitalId && record.consent.hospitalId !== forHospitalId) {
    gap('consent:other-hospital', 'consent', 'blocking', 'consent-other-hospital');
  }
  return gaps;
}

/**
 * What is still missing, in plain English: the system's gaps and the coordinator's own, less
 * those the coordinator waived with a written reason. `forHospitalId` checks consent names
 * that hospital.
 */
export function computeGaps(
  record: CaseRecord,
  documents: readonly DocumentRecord[],
  forHospitalId?: string,
): Gap[] {
  const waived = new Set((record.waivers ?? []).map((waiver) => waiver.gapId));
  const coordinatorGaps: Gap[] = (record.customGaps ?? []).map((custom) => ({
    gapId: custom.gapId,
    itemId: custom.itemId,
    severity: custom.severity,
    message: custom.message,
    source: 'coordinator',
  }));
  return [...systemGaps(record, documents, forHospitalId), ...coordinatorGaps].filter(
    (gap) => !waived.has(gap.gapId) || !isWaivable(gap.gapId),
  );
}

export function isReady(
  record: CaseRecord,
  documents: readonly DocumentRecord[],
  forHospitalId?: string,
): boolean {
  return !computeGaps(record, documents, forHospitalId).some((gap) => gap.severity === 'blocking');
}

/** `ready` is derived, never stored: it cannot drift from the documents it depends on. */
export function effectiveStatus(record: CaseRecord, documents: readonly DocumentRecord[]): CaseStatus {
  if (record.status === 'collecting' && isReady(record, documents)) return 'ready';
  return record.status;
}
