import type { RelayFile, RelaySeries } from '../case/record';
import { relayFileDownload } from '../download-headers';
import { AppError, ValidationError } from '../errors';

/**
 * Why a hospital reads its package, as the portal (or a pull client) says: the audit trail names
 * it with the person. `summary`: the case page; `view`: looking at one file; `download`: the
 * whole package; `viewer`: the DICOM viewer; `file`: one file's link again (an expired URL).
 */
export const packagePurposes = ['summary', 'view', 'download', 'viewer', 'file'] as const;
export type PackagePurpose = (typeof packagePurposes)[number];

export interface PackageQuery {
  readonly purpose?: PackagePurpose;
  /** Only these files are presigned (in the package's order), when given. */
  readonly fileIds?: readonly string[];
}

/** Ids this API gives package files: `summary`, `doc_…`, `tr_…`, `ct_…`. */
const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** More than any package holds files of (5,000 images and the rest) would be a mistake, not a request. */
const MAX_FILE_IDS = 6_000;

/** A `files=` list naming files the package does not hold: a 400 that names them. */
export class UnknownPackageFilesError extends AppError {
  constructor(fileIds: readonly string[]) {
    super('unknown_package_files', 400, 'The package holds no file with some of the ids given in files.', {
      details: fileIds.slice(0, 20).map((fileId) => ({ path: 'files', message: 'No such file.', fileId })),
    });
  }
}

/** The package route's query: `purpose` and `files`, checked; other parameters are ignored as before. */
export function parsePackageQuery(query: Readonly<Record<string, string | undefined>>): PackageQuery {
  const { purpose, files } = query;
  if (purpose !== undefined && !(packagePurposes as readonly string[]).includes(purpose)) {
    throw new ValidationError('The query string is not valid.', [
      { path: 'purpose', message: `Must be one of ${packagePurposes.join(', ')}.` },
    ]);
  }
  if (files === undefined) return purpose === undefined ? {} : { purpose: purpose as PackagePurpose };
  const fileIds = [...new Set(files.split(',').map((id) => id.trim()))];
  if (fileIds.length > MAX_FILE_IDS || fileIds.some((id) => !FILE_ID.test(id))) {
    throw new ValidationError('The query string is not valid.', [
      {
        path: 'files',
        message: `A comma-separated list of at most ${MAX_FILE_IDS} file ids (letters, digits, _ and -).`,
      },
    ]);
  }
  return { ...(purpose === undefined ? {} : { purpose: purpose as PackagePurpose }), fileIds };
}

/** The relay files a read presigns: all of them, or those `fileIds` names (every one must exist). */
export function selectPackageFiles(
  files: readonly RelayFile[],
  fileIds: readonly string[] | undefined,
): readonly RelayFile[] {
  if (fileIds === undefined) return files;
  const held = new Set(files.map((file) => file.fileId));
  const unknown = fileIds.filter((id) => !held.has(id));
  if (unknown.length > 0) throw new UnknownPackageFilesError(unknown);
  const wanted = new Set(fileIds);
  return files.filter((file) => wanted.has(file.fileId));
}

/** What the portal may do with a file's bytes: its media type, without parameters; none when unknown. */
export function mediaTypeOf(file: RelayFile): string | undefined {
  const type = relayFileDownload(file).contentType.split(';')[0]?.trim() ?? '';
  return /^(application\/(dicom|zip|pdf|json)|image\/[a-z0-9.+-]+|text\/plain)$/.test(type)
    ? type
    : undefined;
}

/** A relay file as the package lists it, with its link: the DICOM series spelled out. */
export function packageFileView(
  file: RelayFile,
  series: readonly RelaySeries[],
  link: { readonly url: string; readonly expiresAt: string },
) {
  const mediaType = mediaTypeOf(file);
  const fileSeries = file.dicom ? series[file.dicom.series] : undefined;
  return {
    fileId: file.fileId,
    fileName: file.fileName,
    category: file.category,
    ...(file.translation ? { translation: file.translation } : {}),
    size: file.size,
    sha256: file.sha256,
    ...(mediaType ? { mediaType } : {}),
    ...(file.dicom && fileSeries
      ? {
          dicom: {
            ...fileSeries,
            ...(file.dicom.instanceNumber !== undefined ? { instanceNumber: file.dicom.instanceNumber } : {}),
          },
        }
      : {}),
    url: link.url,
    expiresAt: link.expiresAt,
  };
}
