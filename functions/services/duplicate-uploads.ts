import { claimContent, getDocument } from '../adapters/case-store';
import type { DocumentRecord, ValidatedUpload } from '../core/case/record';
import { duplicateRejection, type UploadRejection } from '../core/upload-intake';

/** A document that no longer holds its content: its claim passes to the next upload of it. */
const letsGo = (owner: DocumentRecord | undefined) =>
  !owner || owner.status === 'rejected' || owner.status === 'cancelled';

/**
 * The same bytes (SHA-256 as they arrived) or the same DICOM instance (SOP Instance UID) are
 * stored once per case: the first upload to claim them owns them, and a later one, already
 * judged on its own, is rejected as a duplicate naming the first. Claims are conditional
 * writes, so two copies validated at once cannot both be kept.
 */
export async function duplicateOf(
  document: DocumentRecord,
  validated: ValidatedUpload,
): Promise<UploadRejection | undefined> {
  const { caseId, documentId } = document;
  const arrived = validated.disarmed?.original ?? validated.wrapped?.original ?? validated;
  const claims: { key: string; what: 'file' | 'image' }[] = [
    { key: `content:sha256:${arrived.sha256}`, what: 'file' },
    ...(validated.dicom
      ? [{ key: `content:sop:${validated.dicom.sopInstanceUid}`, what: 'image' as const }]
      : []),
  ];
  for (const claim of claims) {
    let owner = await claimContent(caseId, claim.key, documentId);
    while (owner !== documentId) {
      const first = await getDocument(caseId, owner);
      if (!letsGo(first)) {
        return duplicateRejection(first?.fileName ?? owner, claim.what, {
          size: validated.size,
          sha256: validated.sha256,
        });
      }
      const previous = owner;
      owner = await claimContent(caseId, claim.key, documentId, previous);
    }
  }
  return undefined;
}
