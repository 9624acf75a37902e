import { addTimelineEvent, mutateCase } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { deleteObject } from '../adapters/record-store';
import type { CaseRecord } from '../core/case/record';

/**
 * Removes the relay's copies of a case once the hospital no longer needs them (the report
 * arrived). The records bucket keeps the originals; the relay bucket's lifecycle would expire
 * anything this misses after 30 days.
 */
export async function purgeRelayCopies(
  record: CaseRecord,
  extraKeys: readonly string[] = [],
): Promise<number> {
  const keys = [...(record.relayFiles ?? []).map((file) => file.key), ...extraKeys];
  let purged = 0;
  for (const key of keys) {
    try {
      await deleteObject('relay', key);
      purged += 1;
    } catch (error) {
      logger.warn('relay copy not purged; the lifecycle rule will expire it', {
        caseId: record.caseId,
        errorName: (error as Error).name,
      });
    }
  }
  await mutateCase(record.caseId, () => ({ changes: { set: { relayFiles: [] } }, result: true }));
  await addTimelineEvent(
    record.caseId,
    'relay-purged',
    `${purged} relay copies were removed after the report arrived.`,
  );
  return purged;
}
