import { newId } from '../../core/ids';
import { customGapSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { updateCollectingCase } from '../../services/case-updates';

/** The coordinator adds a gap of their own (e.g. "the 2025 PET-CT is missing"). */
export const handler = route(
  { auth: 'coordinator', body: customGapSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'gap.add');
    const gap = { gapId: `custom:${newId('gap')}`, ...body, by: auth.actor.id, at: now.toISOString() };
    await updateCollectingCase(record.caseId, {
      actor: auth.actor,
      action: 'gap.add',
      target: gap.gapId,
      refusal: 'Gaps can no longer change: the case was submitted.',
      decide: (current) => ({ customGaps: [...(current.customGaps ?? []), gap] }),
      timeline: () => ({
        type: 'gap-added',
        detail: `A coordinator added a ${body.severity} gap: ${body.message}`,
      }),
    });
    return { statusCode: 201, body: { gap: { ...gap, source: 'coordinator' } } };
  },
);
