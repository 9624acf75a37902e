import { audit } from '../adapters/audit-log';
import { addTimelineEvent, claimOnce, mutateCase } from '../adapters/case-store';
import { notifyOnce } from '../adapters/notifier';
import { copyObject } from '../adapters/record-store';
import type { RelayFile, RelaySeries } from '../core/case/record';
import type { Hospital } from '../core/hospital';
import type { WorkflowInput } from '../core/inputs/workflow';
import { packageDeliveredForHospital } from '../core/messages/hospital';
import { objectKeys } from '../core/object-keys';
import { awaitsDelivery, type RelaySource } from '../core/package/relay-delivery';

/**
 * Copies the files to the relay bucket under the hospital's prefix, server-side, to fixed keys:
 * a retry overwrites its own copies.
 */
export async function copyToRelay(
  input: WorkflowInput,
  sources: readonly RelaySource[],
): Promise<RelayFile[]> {
  const files: RelayFile[] = [];
  for (const { recordsKey, ...file } of sources) {
    const key = objectKeys.relayFile(input.hospitalId, input.caseId, input.submission, file.fileId);
    await copyObject({ bucket: 'records', key: recordsKey }, { bucket: 'relay', key }, file.size);
    files.push({ ...file, key });
  }
  return files;
}

/**
 * Marks the case delivered and lists it for the hospital's relay (a conditional write: only a
 * case of this submission still routing), then records it in the timeline and audit log once.
 */
export async function recordDelivery(
  input: WorkflowInput,
  hospital: Pick<Hospital, 'name'>,
  files: readonly RelayFile[],
  deliveredAt: string,
  series: readonly RelaySeries[] = [],
): Promise<void> {
  await mutateCase(input.caseId, (record) =>
    awaitsDelivery(record, input.submission)
      ? {
          changes: {
            set: { status: 'awaiting-receipt', deliveredAt, relayFiles: files, relaySeries: series },
            hospitalIndex: { hospitalId: input.hospitalId, sortKey: deliveredAt },
          },
          result: true,
        }
      : { result: false },
  );
  if (await claimOnce(input.caseId, `delivered:${input.submission}`)) {
    await addTimelineEvent(
      input.caseId,
      'delivered',
      `${files.length} records were delivered to ${hospital.name}.`,
    );
    await audit({
      caseId: input.caseId,
      actor: { role: 'system', id: 'deliver-package' },
      action: 'relay.deliver',
      target: input.hospitalId,
      outcome: 'allowed',
    });
  }
}

/** Tells the hospital its package is on the relay, once per submission. */
export function tellHospitalDelivered(
  input: WorkflowInput,
  hospital: Pick<Hospital, 'contactEmail'>,
  fileCount: number,
): Promise<boolean> {
  return notifyOnce(
    input.caseId,
    `hospital-delivered-${input.submission}`,
    packageDeliveredForHospital(hospital.contactEmail, input.caseId, fileCount),
  );
}
