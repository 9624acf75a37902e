import { audit } from '../adapters/audit-log';
import { markHospitalOpened } from '../adapters/case-store';
import { presignDownload } from '../adapters/record-store';
import type { AuthFor } from '../core/actor';
import type { RelayFile } from '../core/case/record';
import { relayFileDownload } from '../core/download-headers';
import { type PackageQuery, packageFileView, selectPackageFiles } from '../core/package/package-read';
import { loadCaseFor } from './case-access';

/**
 * File ids one audit event lists at most: 1,000 ids of ~20 characters stay far below
 * DynamoDB's 400 KB item limit, and a 5,000-image package is still only five writes.
 */
const FILE_IDS_PER_EVENT = 1_000;

/**
 * The presigned links of a read, audited as one event per thousand files (not one write per
 * file: 300 DICOM slices were 300 sequential writes). One PutItem each, with the insert-only
 * condition every audit write has; BatchWriteItem is denied on the audit table (it could delete).
 */
async function auditFileLinks(
  caseId: string,
  actor: AuthFor<'hospital'>['actor'],
  files: readonly RelayFile[],
  purpose: PackageQuery['purpose'],
): Promise<void> {
  for (let start = 0; start < files.length; start += FILE_IDS_PER_EVENT) {
    const targets = files.slice(start, start + FILE_IDS_PER_EVENT).map((file) => file.fileId);
    await audit({
      caseId,
      actor,
      action: 'relay.file-url',
      targets,
      ...(purpose ? { purpose } : {}),
      counts: { files: targets.length },
      outcome: 'allowed',
    });
  }
}

/**
 * A hospital's read of its package: the files (all, or those the query names) with short-lived
 * presigned links, each read audited with the person and the purpose. The first read with a
 * purpose marks the case opened for the inbox, once, and that first open is audited too.
 */
export async function readPackage(auth: AuthFor<'hospital'>, caseId: string, query: PackageQuery, now: Date) {
  const purpose = query.purpose;
  const { record } = await loadCaseFor(auth, caseId, 'relay.package', purpose ? { purpose } : {});
  const files = selectPackageFiles(record.relayFiles ?? [], query.fileIds);
  const links = await Promise.all(
    files.map((file) => presignDownload('relay', file.key, relayFileDownload(file))),
  );
  await auditFileLinks(record.caseId, auth.actor, files, purpose);
  if (purpose && !record.hospitalOpenedAt && (await markHospitalOpened(record.caseId, now.toISOString()))) {
    await audit({
      caseId: record.caseId,
      actor: auth.actor,
      action: 'relay.first-open',
      purpose,
      outcome: 'allowed',
    });
  }
  const series = record.relaySeries ?? [];
  return {
    caseId: record.caseId,
    files: files.map((file, index) => packageFileView(file, series, links[index] as (typeof links)[number])),
  };
}
