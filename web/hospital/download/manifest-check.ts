import { ManifestMismatch } from './errors';

/** What the relay lists for each file of a package (its presigned URL aside). */
export interface ListedFile {
  readonly fileId: string;
  readonly fileName: string;
  readonly category: string;
  readonly size: number;
  readonly sha256: string;
}

/** The fields of functions/core/package-content.ts `Manifest` this check reads. */
interface ManifestShape {
  readonly caseId: string;
  readonly files: readonly { fileId: string; fileName: string; size: number; sha256: string }[];
  readonly packageDigest: string;
}

import { canonicalJson } from '../../../functions/core/canonical-json';

export { canonicalJson };

const isManifest = (value: unknown): value is ManifestShape => {
  const candidate = value as Partial<ManifestShape> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.caseId === 'string' &&
    typeof candidate.packageDigest === 'string' &&
    Array.isArray(candidate.files) &&
    candidate.files.every(
      (file) =>
        typeof file?.fileId === 'string' &&
        typeof file.fileName === 'string' &&
        typeof file.size === 'number' &&
        typeof file.sha256 === 'string',
    )
  );
};

/**
 * Checks the manifest (already checked against the relay's SHA-256 of manifest.json) before any
 * other byte is fetched: its digest vouches for its file list, and every file it names must be
 * listed by the relay with the same name, size and SHA-256, and every other file the relay lists
 * (manifest.json aside) must be named by it. Each file's bytes are then checked against that one
 * value as they stream, so they match both.
 */
export async function verifyManifest(
  caseId: string,
  manifestFile: ListedFile,
  manifestBytes: Uint8Array,
  listed: readonly ListedFile[],
  sha256OfText: (text: string) => Promise<string>,
): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
  } catch {
    throw new ManifestMismatch(manifestFile.fileName, 'is not JSON');
  }
  if (!isManifest(parsed)) throw new ManifestMismatch(manifestFile.fileName, 'is not a package manifest');
  if (parsed.caseId !== caseId) throw new ManifestMismatch(manifestFile.fileName, 'belongs to another case');
  if ((await sha256OfText(canonicalJson(parsed.files))) !== parsed.packageDigest) {
    throw new ManifestMismatch(manifestFile.fileName, 'does not match its package digest');
  }
  for (const entry of parsed.files) {
    const file = listed.find((candidate) => candidate.fileId === entry.fileId);
    if (!file) throw new ManifestMismatch(entry.fileName, 'is in the manifest but not in the package');
    if (file.fileName !== entry.fileName || file.size !== entry.size || file.sha256 !== entry.sha256) {
      throw new ManifestMismatch(file.fileName, 'differs from its manifest entry');
    }
  }
  for (const file of listed) {
    if (file.fileId !== manifestFile.fileId && !parsed.files.some((entry) => entry.fileId === file.fileId)) {
      throw new ManifestMismatch(file.fileName, 'is in the package but not in the manifest');
    }
  }
}
