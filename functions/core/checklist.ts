import type { CancerType, ItemId } from './vocabulary';

/** The file kinds the validator recognises from a file's first bytes. */
export type FileKind = 'pdf' | 'dicom' | 'jpeg' | 'png' | 'zip';

export const contentTypeOfKind: Record<FileKind, string> = {
  pdf: 'application/pdf',
  dicom: 'application/dicom',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
};

export interface ChecklistItemDefinition {
  readonly itemId: ItemId;
  readonly title: string;
  readonly required: boolean;
  /** What the patient is asked for, in plain words. */
  readonly description: string;
  /** File kinds accepted as uploads; empty when the item is structured data entered in a form. */
  readonly accepts: readonly FileKind[];
}

/** Markers a specialist needs on the pathology report, by cancer type. */
const markersByCancerType: Record<CancerType, readonly string[]> = {
  breast: ['ER', 'PR', 'HER2', 'Ki-67'],
  lung: ['EGFR', 'ALK', 'ROS1', 'MET', 'PD-L1'],
  colorectal: ['KRAS', 'NRAS', 'BRAF', 'MSI/MMR'],
  gastric: ['HER2', 'MSI/MMR', 'PD-L1'],
  esophageal: ['HER2', 'MSI/MMR', 'PD-L1'],
  liver: ['AFP'],
  pancreatic: ['KRAS', 'BRCA1/2', 'MSI/MMR'],
  nasopharyngeal: ['EBV (EBER)', 'PD-L1'],
  other: [],
};

export function markersFor(cancerType: CancerType): readonly string[] {
  return markersByCancerType[cancerType];
}

export function checklistFor(cancerType: CancerType): readonly ChecklistItemDefinition[] {
  const markers = markersByCancerType[cancerType];
  const markerText =
    markers.length > 0
      ? `, and the results of these markers: ${markers.join(', ')} (plus any other biomarker on record)`
      : ', and any biomarker results on record';
  return [
    {
      itemId: 'pathology-report',
      title: 'Pathology report',
      required: true,
      description: `The report that gives your diagnosis (cancer type and subtype), grade and stage at diagnosis${markerText}. A PDF is best. A scan or photo is accepted when it can be read: scan at 300 dpi, or photograph the whole page flat, in good light, filling the frame.`,
      accepts: ['pdf', 'jpeg', 'png'],
    },
    {
      itemId: 'imaging',
      title: 'Imaging (CT, MRI or PET-CT)',
      required: true,
      description:
        'Your most recent CT, MRI or PET-CT scans as DICOM files from the imaging disc, or the whole disc as one .zip file. JPEG, PNG or PDF exports are accepted but show the specialist less detail. A radiology report alone is not enough. You may also send the disc by courier.',
      accepts: ['dicom', 'zip', 'jpeg', 'png', 'pdf'],
    },
    {
      itemId: 'treatment-history',
      title: 'Treatment history',
      required: true,
      description:
        'Surgeries, chemotherapy, radiation and other treatments with dates and how the cancer responded, entered in the form.',
      accepts: [],
    },
    {
      itemId: 'tumor-markers',
      title: 'Recent blood work and tumor markers',
      required: false,
      description: 'Your latest blood tests and tumor marker results, with their dates.',
      accepts: ['pdf', 'jpeg', 'png'],
    },
  ];
}

export function checklistItem(cancerType: CancerType, itemId: ItemId): ChecklistItemDefinition {
  const item = checklistFor(cancerType).find((candidate) => candidate.itemId === itemId);
  if (!item) throw new Error(`checklist has no item ${itemId}`);
  return item;
}

/** The declared content types a patient may upload for an item. */
export function acceptedContentTypes(item: ChecklistItemDefinition): readonly string[] {
  return item.accepts.map((kind) => contentTypeOfKind[kind]);
}
