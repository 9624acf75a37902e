import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../functions/core/case/record';
import { PdfError } from '../../../functions/core/pdf';
import {
  checksumRejection,
  isLaterVersion,
  readsDiagnosis,
  rejectionFor,
  validatedUpload,
} from '../../../functions/core/upload-intake';
import { ZipError } from '../../../functions/core/zip-index';

const document = (overrides: Partial<DocumentRecord>) =>
  ({ status: 'validating', ...overrides }) as DocumentRecord;
const hashed = { size: 100, sha256: 'a'.repeat(64) };

describe('an upload in the intake', () => {
  it('refuses an event about another version of the key, or bytes after the upload was cancelled', () => {
    expect(isLaterVersion(document({ versionId: 'v1' }), 'v2')).toBe(true);
    expect(isLaterVersion(document({ versionId: 'v1' }), 'v1')).toBe(false);
    expect(isLaterVersion(document({ status: 'cancelled' }), 'v1')).toBe(true);
    // No version pinned and not cancelled: a duplicate of a decided upload, not a later version.
    expect(isLaterVersion(document({ status: 'accepted' }), 'v1')).toBe(false);
  });

  it('rejects for what the file’s own bytes failed; the system’s own failures are thrown again', () => {
    expect(rejectionFor(new PdfError('encrypted', 'The PDF is password-protected.'), 7)).toEqual({
      code: 'pdf_encrypted',
      reason: 'The PDF is password-protected.',
      facts: { size: 7 },
    });
    expect(rejectionFor(new ZipError('zip_bomb', 'A zip bomb.'), 7)).toEqual({
      code: 'zip_zip_bomb',
      reason: 'A zip bomb.',
      facts: { size: 7 },
    });
    const outage = Object.assign(new Error('SlowDown'), { name: 'SlowDown' });
    expect(() => rejectionFor(outage, 7)).toThrow(outage);
  });

  it('reads a diagnosis only from a pathology report with a text layer', () => {
    const pdf = { pages: 1, textChars: 500, scanned: false };
    expect(readsDiagnosis({ itemId: 'pathology-report' }, pdf)).toBe(true);
    expect(readsDiagnosis({ itemId: 'pathology-report' }, { ...pdf, scanned: true })).toBe(false);
    expect(readsDiagnosis({ itemId: 'treatment-history' }, pdf)).toBe(false);
  });

  it('rejects bytes whose SHA-256 differs from the uploader’s, keeping the hash that arrived', () => {
    expect(checksumRejection({ clientSha256: 'b'.repeat(64) }, hashed)).toEqual({
      code: 'checksum_mismatch',
      reason: expect.stringContaining('does not match the one sent with it'),
      facts: hashed,
    });
    expect(checksumRejection({ clientSha256: hashed.sha256 }, hashed)).toBeUndefined();
    expect(checksumRejection({}, hashed)).toBeUndefined();
  });

  it('keeps what validation found; a disarmed PDF is promoted as its rewritten copy, the original’s hash beside it', () => {
    const pdf = { pages: 2, textChars: 900, scanned: false };
    expect(validatedUpload({ kind: 'pdf', hashed, pdf })).toEqual({ kind: 'pdf', ...hashed, pdf });
    const disarmed = {
      intakeKey: 'cases/c/disarmed/d',
      versionId: 'v9',
      removed: ['javascript'],
      size: 90,
      sha256: 'c'.repeat(64),
    };
    expect(validatedUpload({ kind: 'pdf', hashed, pdf, disarmed })).toEqual({
      kind: 'pdf',
      size: 90,
      sha256: 'c'.repeat(64),
      disarmed: {
        intakeKey: 'cases/c/disarmed/d',
        versionId: 'v9',
        removed: ['javascript'],
        original: hashed,
      },
      pdf,
    });
    const image = { width: 10, height: 20 } as never;
    expect(validatedUpload({ kind: 'jpeg', hashed, image })).toEqual({ kind: 'jpeg', ...hashed, image });
  });
});
