import { draftSummary, type Opinion, specialistNotedLimits } from '../../../functions/core/opinion';
import { h } from '../../patient/dom';
import { notedLimitIds, type OpinionDraft, travelReasonIds } from './draft';
import { type Lang, patientPageWords, type Text } from './text';
import type { UploadState } from './upload';

/** The patient's page reads English today; the preview uses its words (a unit test keeps them equal). */
const patient = patientPageWords;

/**
 * The opinion as far as it is typed, in the shape the schema gives it: enough for the draft
 * summary (which reads only these fields) before every field is valid.
 */
function provisional(draft: OpinionDraft): Opinion | undefined {
  if (draft.outcome === '' || draft.recommendedPath === '') return undefined;
  const lines = (items: OpinionDraft['options']) => items.map((item) => item.text.trim()).filter(Boolean);
  const common = {
    stagingAgreement: {
      agrees: draft.stagingAgrees !== 'no',
      ...(draft.specialistStaging.trim() ? { specialistStaging: draft.specialistStaging.trim() } : {}),
    },
    recommendedPath: draft.recommendedPath,
    optionsRecommended: lines(draft.options),
    limitsNoted: notedLimitIds.filter((limit) => draft.limits.includes(limit)),
  };
  if (draft.outcome === 'travel-recommended') {
    const reasons = travelReasonIds
      .filter((reason) => draft.travel[reason].chosen)
      .map((reason) => ({
        reason,
        ...(draft.travel[reason].trialId.trim() ? { trialId: draft.travel[reason].trialId.trim() } : {}),
      }));
    return { outcome: draft.outcome, travelReasons: reasons, ...common };
  }
  if (draft.outcome === 'more-information-needed') {
    return { outcome: draft.outcome, informationNeeded: lines(draft.informationNeeded), ...common };
  }
  return { outcome: draft.outcome, ...common };
}

/** Redraws the preview into `root` from the draft. */
export function drawPreview(
  root: HTMLElement,
  view: {
    readonly draft: OpinionDraft;
    readonly upload: UploadState;
    readonly hospitalName: string | undefined;
    readonly t: Text;
    readonly lang: Lang;
  },
): void {
  const { draft, upload, hospitalName, t, lang } = view;
  const opinion = provisional(draft);
  const specialist = {
    name: draft.specialistName.trim() || '…',
    department: draft.department.trim() || '…',
  };
  const summary = opinion ? draftSummary(opinion, hospitalName ?? '…', specialist) : undefined;
  const limits = notedLimitIds.filter((limit) => draft.limits.includes(limit));
  root.replaceChildren(
    ...[h('p', { class: 'hint' }, t.previewIntro)],
    ...(draft.language === 'zh' ? [h('p', { class: 'hint' }, t.previewTranslation)] : []),
    h(
      'div',
      { class: 'patient-view', lang: 'en' },
      h('h3', {}, patient.reportHeading),
      h('p', {}, patient.specialist(specialist)),
      h(
        'p',
        {},
        h('span', { class: 'pseudo-link' }, patient.reportDownload),
        h('span', { class: 'meta' }, ` (${upload.kind === 'done' ? upload.fileName : '—'})`),
      ),
      h('h4', {}, patient.summaryHeading),
      summary
        ? h('p', { class: 'summary-text' }, summary)
        : h('p', { class: 'meta', lang }, t.previewIncomplete),
      limits.length > 0
        ? h(
            'div',
            {},
            h('h4', {}, patient.limitsNoted),
            h(
              'ul',
              {},
              limits.map((limit) => h('li', {}, specialistNotedLimits[limit])),
            ),
          )
        : null,
    ),
  );
}
