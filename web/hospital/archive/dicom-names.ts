/** What an entry's name says about it: DICOM, surely not, or nothing (then its bytes decide). */
export type NameVerdict = 'dicom' | 'not-dicom' | 'unknown';

/** Extensions DICOM files carry on discs and in exports. */
const DICOM_EXTENSIONS = new Set(['dcm', 'dicom', 'dic', 'dcm30']);

/**
 * Extensions of the other files discs carry (viewers, autorun, reports, documentation): never
 * opened. Anything else, and no extension at all (`IM000001`, `1.2.840…` UIDs, `.001`), is sniffed.
 */
const OTHER_EXTENSIONS = new Set([
  'txt',
  'htm',
  'html',
  'xml',
  'xsl',
  'css',
  'js',
  'json',
  'pdf',
  'doc',
  'docx',
  'rtf',
  'jpg',
  'jpeg',
  'png',
  'gif',
  'bmp',
  'ico',
  'svg',
  'tif',
  'tiff',
  'exe',
  'dll',
  'msi',
  'bat',
  'cmd',
  'sh',
  'jar',
  'class',
  'ini',
  'inf',
  'cfg',
  'log',
  'lnk',
  'zip',
  'cab',
  'db',
  'mp4',
  'avi',
  'chm',
  'hlp',
  'ttf',
  'manifest',
  'config',
  'pak',
]);

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** DICOMDIR is the disc's index (a DICOM file, but no image): it is never listed. */
export function isDicomDir(path: string): boolean {
  return baseName(path).toUpperCase() === 'DICOMDIR';
}

export function nameVerdict(path: string): NameVerdict {
  const name = baseName(path);
  if (!name || name.startsWith('.') || path.startsWith('__MACOSX/')) return 'not-dicom';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'unknown';
  const extension = name.slice(dot + 1).toLowerCase();
  if (DICOM_EXTENSIONS.has(extension)) return 'dicom';
  if (OTHER_EXTENSIONS.has(extension)) return 'not-dicom';
  return 'unknown';
}

/** The bytes a DICOM Part 10 file starts with: a 128-byte preamble, then `DICM`. */
export const MAGIC_LENGTH = 132;

export function hasDicomMagic(head: Uint8Array): boolean {
  return (
    head.length >= MAGIC_LENGTH &&
    head[128] === 0x44 &&
    head[129] === 0x49 &&
    head[130] === 0x43 &&
    head[131] === 0x4d
  );
}
