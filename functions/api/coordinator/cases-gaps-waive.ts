import { computeGaps } from '../../core/case/readiness';
import { isWaivable } from '../../core/case/waivable';
import { ConflictError, NotFoundError } from '../../core/errors';
import { waiveGapSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { updateCollectingCase } from '../../services/case-updates';

/** The coordinator waives a gap with a written reason, kept in the timeline. */
export const handler = route(
  { auth: 'coordinator', body: waiveGapSchema },
  async ({ auth, body, params, now }) => {
    const { record, documents } = await loadCaseFor(auth, params.caseId ?? '', 'gap.waive');
    const gapId = params.gapId ?? '';
    const gap = computeGaps(record, documents).find((candidate) => candidate.gapId === gapId);
    if (!gap) throw new NotFoundError('No such open gap on this case.');
    if (!isWaivable(gapId))
      throw new ConflictError('not_waivable', 'Consent is the patient’s decision and cannot be waived.');
    const waiver = { gapId, reason: body.reason, by: auth.actor.id, at: now.toISOString() };
    await updateCollectingCase(record.caseId, {
      actor: auth.actor,
      action: 'gap.waive',
      target: gapId,
      refusal: 'Gaps can no longer change: the case was submitted.',
      decide: (current) => ({
        waivers: [...(current.waivers ?? []).filter((w) => w.gapId !== gapId), waiver],
      }),
      timeline: () => ({ type: 'gap-waived', detail: `Waived "${gap.message}" Reason: ${body.reason}` }),
    });
    return { statusCode: 200, body: { waiver } };
  },
);
