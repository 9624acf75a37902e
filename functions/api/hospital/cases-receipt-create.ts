import { getHospital } from '../../adapters/hospital-directory';
import { reportDeadline } from '../../core/business-days';
import type { CustomGap } from '../../core/case-model';
import { ConflictError, ValidationError } from '../../core/errors';
import { turnaroundFor } from '../../core/hospital';
import { newId } from '../../core/ids';
import { receiptSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { completeStage } from '../../services/workflow-callbacks';

/**
 * The hospital confirms it received complete records (the report clock starts in its own
 * calendar), or reports what is missing in its own words (the case goes back to collecting
 * with a gap for each, and no clock starts).
 */
export const handler = route(
  { auth: 'hospital', body: receiptSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.receipt');
    const hospital = await getHospital(auth.hospitalId);
    if (!hospital) throw new Error('hospital of a valid token is missing from the directory');
    const at = new Date().toISOString();

    if (!body.complete) {
      const gaps: CustomGap[] = body.missing.map((entry) => ({
        gapId: `hospital:${newId('gap')}`,
        itemId: entry.itemId,
        severity: 'blocking',
        message: `${hospital.name} reports missing: “${entry.description}”`,
        by: auth.actor.id,
        at,
      }));
      const { record: updated, alreadyDone } = await completeStage(record.caseId, {
        stage: 'receipt',
        from: ['awaiting-receipt'],
        to: 'collecting',
        set: (current) => ({ customGaps: [...(current.customGaps ?? []), ...gaps] }),
        remove: ['deliveredAt', 'relayFiles', 'packageFiles', 'packageDigest'],
        removeHospitalIndex: true,
        output: () => ({ complete: false }),
        timeline: {
          type: 'returned-incomplete',
          detail: `${hospital.name} reported the package incomplete (${gaps.length} item(s)).`,
        },
        conflictMessage: 'Receipt can be reported once the package has been delivered.',
      });
      // A late "incomplete" after "complete" would be answered as if recorded and change nothing.
      // (After an "incomplete" the case is no longer this hospital's: any later receipt is a 404.)
      if (alreadyDone && updated.callbacks.receipt?.output?.complete === true) {
        throw new ConflictError(
          'receipt_already_confirmed',
          'Receipt of this package was already confirmed complete, so it can no longer be reported incomplete. Ask for what is missing in the report (outcome more-information-needed) or through the coordinator.',
        );
      }
      await auditAction(record.caseId, auth.actor, 'relay.receipt.incomplete');
      return {
        statusCode: 200,
        body: { caseId: updated.caseId, status: updated.status, gaps: gaps.map((gap) => gap.message) },
      };
    }

    const discPending = record.imagingShipment && !record.imagingShipment.receivedAt;
    if (discPending && body.discReceived !== true) {
      throw new ValidationError('The request body is not valid.', [
        {
          path: 'discReceived',
          message:
            'This case’s imaging came on a shipped disc: confirm it arrived (discReceived: true), or report it missing.',
        },
      ]);
    }
    const { record: updated } = await completeStage(record.caseId, {
      stage: 'receipt',
      from: ['awaiting-receipt'],
      to: 'under-review',
      set: (current) => ({
        // The business clock of the request: "today" is the day it falls on in the hospital's zone.
        deadline: reportDeadline(
          now,
          turnaroundFor(hospital, record.expedited),
          hospital.timeZone,
          hospital.calendar,
        ),
        ...(discPending && current.imagingShipment
          ? { imagingShipment: { ...current.imagingShipment, receivedAt: at } }
          : {}),
      }),
      output: (next) => ({ complete: true, deadline: next.deadline ?? null }),
      timeline: {
        type: 'receipt-confirmed',
        detail: `${hospital.name} confirmed it received the complete records.`,
      },
      conflictMessage: 'Receipt can be confirmed once the package has been delivered.',
    });
    await auditAction(record.caseId, auth.actor, 'relay.receipt.confirm');
    return { statusCode: 200, body: { deadline: updated.deadline } };
  },
);
