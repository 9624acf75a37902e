import type { RelayCasesList, RelayPackage, RelayPackageFile } from '../../functions/core/responses/relay';
import type { SummaryData } from '../../functions/core/summary-pdf';
import type { PortalApi } from './view';

/** A row of the inbox: the relay's list entry, with the portal's fields where the API sends them. */
export type InboxCase = RelayCasesList['cases'][number] & {
  readonly expedited?: boolean;
  readonly overdue?: boolean;
  readonly businessDaysLeft?: number;
  readonly new?: boolean;
  readonly openedAt?: string;
  readonly imagingShipped?: boolean;
};

/** A package file as the portal reads it: the relay's, with its DICOM identity where the API sends it. */
export type PortalFile = RelayPackageFile & {
  readonly dicom?: {
    readonly studyInstanceUid: string;
    readonly seriesInstanceUid: string;
    readonly modality?: string;
    readonly seriesDescription?: string;
  };
  readonly mediaType?: string;
};

export type PackagePurpose = 'summary' | 'view' | 'download' | 'viewer' | 'file';

export async function listCases(api: PortalApi): Promise<readonly InboxCase[]> {
  return (await api.get<RelayCasesList>('/relay/cases')).cases as readonly InboxCase[];
}

/** One case of this hospital's inbox; undefined when it is not (or no longer) this hospital's. */
export async function findCase(api: PortalApi, caseId: string): Promise<InboxCase | undefined> {
  return (await listCases(api)).find((entry) => entry.caseId === caseId);
}

/**
 * The package's files with fresh presigned URLs, read for a purpose the server audits (the
 * staff member, what for, which files). Links are short-lived: read again when one expires.
 */
export async function packageFiles(
  api: PortalApi,
  caseId: string,
  purpose: PackagePurpose,
  fileIds?: readonly string[],
): Promise<readonly PortalFile[]> {
  const query = new URLSearchParams({ purpose });
  if (fileIds && fileIds.length > 0) query.set('files', fileIds.join(','));
  const body = await api.get<RelayPackage>(`/relay/cases/${encodeURIComponent(caseId)}/package?${query}`);
  return body.files as readonly PortalFile[];
}

/** Exports a disc may hold beside its DICOM files: not for the viewer. */
const NOT_DICOM = /\.(jpe?g|png|pdf|txt|html?)$/i;

/** The files the viewer opens: DICOM instances and zipped discs (by media type, else name). */
export function imageFiles(files: readonly PortalFile[]): readonly PortalFile[] {
  return files.filter((file) => {
    if (file.dicom || file.mediaType === 'application/dicom' || file.mediaType === 'application/zip')
      return true;
    if (file.mediaType) return false;
    return file.category === 'imaging' && !NOT_DICOM.test(file.fileName);
  });
}
/** The structured summary through its presigned URL (the same JSON the PDF was rendered from). */
export async function loadSummary(files: readonly PortalFile[]): Promise<SummaryData | undefined> {
  const file = files.find((entry) => entry.fileId === 'summary-data');
  if (!file) return undefined;
  const response = await fetch(file.url, { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw new Error(`summary ${response.status}`);
  return (await response.json()) as SummaryData;
}
