import type { FileKind } from './checklist';
import { contentTypeOfKind } from './checklist';

/**
 * What storage answers a download with: always an attachment of a fixed type, so no browser
 * renders a record inline (a PDF's scripts, an HTML polyglot) or sniffs another type from it.
 * The name is built from ids and kinds, never from what the uploader called the file: it
 * travels in the presigned URL's query, which logs may keep.
 */
export interface DownloadAs {
  /** ASCII letters, digits, dot, dash and underscore; anything else becomes "_". */
  readonly fileName: string;
  readonly contentType: string;
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'download';

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266), both forms the same safe name. */
export function attachmentDisposition(fileName: string): string {
  const name = safeName(fileName);
  return `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const GENERIC_CONTENT_TYPE = 'application/octet-stream';

/** The fixed type of an accepted record, from its detected kind (never the uploader's claim). */
export const contentTypeForKind = (kind: FileKind | undefined): string =>
  kind ? contentTypeOfKind[kind] : GENERIC_CONTENT_TYPE;

/** The extension a download of this kind is named with. */
export const extensionForType = (contentType: string): string =>
  ({
    'application/pdf': '.pdf',
    'application/dicom': '.dcm',
    'application/zip': '.zip',
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'application/json': '.json',
    'text/plain; charset=utf-8': '.txt',
  })[contentType] ?? '';

/** How a relay file downloads: its recorded type, or (files delivered before types were recorded) its category's. */
export function relayFileDownload(file: {
  readonly fileId: string;
  readonly category: string;
  readonly translation?: string;
  readonly contentType?: string;
}): DownloadAs {
  const contentType =
    file.contentType ??
    (file.category === 'summary'
      ? 'application/pdf'
      : file.category === 'manifest' || file.category === 'summary-data'
        ? 'application/json'
        : file.category === 'translation'
          ? file.translation === 'certified'
            ? 'application/pdf'
            : 'text/plain; charset=utf-8'
          : GENERIC_CONTENT_TYPE);
  const fileName =
    file.category === 'summary'
      ? 'case-summary.pdf'
      : file.category === 'summary-data'
        ? 'case-summary.json'
        : file.category === 'manifest'
          ? 'manifest.json'
          : `${file.fileId}${extensionForType(contentType)}`;
  return { fileName, contentType };
}
