import type { ItemId } from '../../functions/core/vocabulary';

/** The declared type: the browser's, else from the name; DICOM files on discs often have no extension. */
export function contentTypeOf(name: string, browserType: string, itemId: ItemId): string {
  if (browserType && browserType !== 'application/octet-stream') return browserType;
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const byExtension: Record<string, string> = {
    pdf: 'application/pdf',
    dcm: 'application/dicom',
    dicom: 'application/dicom',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    zip: 'application/zip',
  };
  if (extension && byExtension[extension]) return byExtension[extension];
  return itemId === 'imaging' ? 'application/dicom' : browserType || 'application/octet-stream';
}
