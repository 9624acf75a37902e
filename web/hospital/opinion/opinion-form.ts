import type { RelayReport } from '../../../functions/core/responses/relay';
import { reportSchema } from '../../../functions/core/schemas';
import { ApiError } from '../../console/view';
import { h, uniqueId } from '../../patient/dom';
import {
  buildReportBody,
  notedLimitIds,
  type OpinionDraft,
  outcomeIds,
  travelReasonIds,
  treatmentPathIds,
} from './draft';
import { checkbox, clearIssues, errorSummary, group, selectField, showIssues, textField } from './fields';
import { listField } from './list-field';
import { drawPreview } from './preview';
import { showServerIssues } from './server-issues';
import type { Lang, Text } from './text';
import type { UploadSlot } from './upload';
import { uploadField } from './upload-field';
import { check } from './validation';

export interface OpinionFormOptions {
  readonly caseId: string;
  readonly draft: OpinionDraft;
  readonly upload: UploadSlot;
  readonly t: Text;
  readonly lang: Lang;
  readonly hospitalName: string | undefined;
  readonly api: { send<T>(method: 'POST', path: string, body?: unknown): Promise<T> };
  readonly announce: (message: string) => void;
  /** The report was accepted: the case's new status. */
  readonly onSent: (status: RelayReport['status']) => void;
}

const section = (title: string, ...children: (Node | null)[]) => {
  const id = uniqueId('op-section');
  return h('section', { class: 'op-section', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
};

/** Shows `element` only while `visible` holds. */
const showWhen = (element: HTMLElement, visible: boolean) => {
  element.hidden = !visible;
};

/**
 * The opinion form: every field of the structured opinion, the report PDF with its upload, a
 * preview of what the patient reads, and `Send opinion`. The route's own schema checks the body
 * before it is sent. Returns the form and its clean-up.
 */
export function opinionForm(options: OpinionFormOptions): { element: HTMLElement; stop: () => void } {
  const { draft, t, upload } = options;
  const summary = errorSummary();
  const preview = h('div', { class: 'preview' });
  const redraw = () =>
    drawPreview(preview, {
      draft,
      upload: upload.state,
      hospitalName: options.hospitalName,
      t,
      lang: options.lang,
    });

  const send = h('button', { type: 'submit', class: 'primary' }, t.send);
  const waiting = h('p', { class: 'hint' }, t.waitForUpload);
  const result = h('p', { class: 'form-status', role: 'status' });

  // The report file
  const pdf = uploadField({
    key: 'pdf',
    label: t.reportPdf,
    hint: t.reportPdfHint,
    slot: upload,
    t,
    announce: options.announce,
    onChange: (state) => {
      send.disabled = state.kind === 'uploading';
      waiting.hidden = state.kind !== 'uploading';
      redraw();
    },
  });
  const language = selectField({
    key: 'language',
    label: t.reportLanguage,
    required: true,
    t,
    value: draft.language,
    choices: [
      ['zh', t.reportLanguages.zh],
      ['en', t.reportLanguages.en],
    ],
    onChange: (value) => {
      draft.language = value === 'en' ? 'en' : 'zh';
      redraw();
    },
  });

  // Outcome, and what each outcome asks for
  const travel = group(
    { key: 'travelReasons', legend: t.travelReasons, hint: t.travelReasonsHint, required: true, t },
    ...travelReasonIds.map((reason) => {
      const entry = draft.travel[reason];
      const name = t.travelReasonNames[reason];
      const details = h(
        'div',
        { class: 'sub-fields' },
        reason === 'clinical-trial'
          ? textField({
              key: `travel:${reason}:trialId`,
              label: t.trialId,
              hint: t.trialIdHint,
              required: true,
              t,
              value: entry.trialId,
              maxLength: 40,
              onInput: (value) => {
                entry.trialId = value;
                redraw();
              },
            })
          : null,
        textField({
          key: `travel:${reason}:detail`,
          label: t.reasonDetail(name),
          ...(reason === 'other' ? { required: true } : {}),
          t,
          value: entry.detail,
          multiline: true,
          maxLength: 1000,
          onInput: (value) => {
            entry.detail = value;
          },
        }),
      );
      showWhen(details, entry.chosen);
      return h(
        'div',
        { class: 'travel-reason' },
        checkbox({
          key: `travel:${reason}`,
          label: name,
          checked: entry.chosen,
          onChange: (checked) => {
            entry.chosen = checked;
            showWhen(details, checked);
            redraw();
          },
        }),
        details,
      );
    }),
  );
  const information = listField({
    key: 'informationNeeded',
    prefix: 'information',
    legend: t.informationNeeded,
    hint: t.informationNeededHint,
    required: true,
    items: draft.informationNeeded,
    max: 10,
    maxLength: 500,
    itemLabel: t.informationItem,
    addLabel: t.addInformation,
    removeLabel: t.removeInformation,
    t,
    onChange: redraw,
  });
  const byOutcome = () => {
    showWhen(travel, draft.outcome === 'travel-recommended');
    showWhen(information, draft.outcome === 'more-information-needed');
  };
  const outcome = selectField({
    key: 'outcome',
    label: t.outcome,
    required: true,
    t,
    value: draft.outcome,
    choices: outcomeIds.map((id) => [id, t.outcomes[id]] as const),
    onChange: (value) => {
      draft.outcome = outcomeIds.find((id) => id === value) ?? '';
      byOutcome();
      redraw();
    },
  });
  byOutcome();

  // Staging
  const specialistStaging = textField({
    key: 'specialistStaging',
    label: t.specialistStaging,
    hint: t.specialistStagingHint,
    required: true,
    t,
    value: draft.specialistStaging,
    maxLength: 100,
    onInput: (value) => {
      draft.specialistStaging = value;
      redraw();
    },
  });
  showWhen(specialistStaging, draft.stagingAgrees === 'no');
  const staging = h(
    'fieldset',
    { class: 'plain-group' },
    h('legend', {}, t.staging),
    selectField({
      key: 'stagingAgrees',
      label: t.stagingAgrees,
      hint: t.stagingAgreesHint,
      required: true,
      t,
      value: draft.stagingAgrees,
      choices: [
        ['yes', t.yes],
        ['no', t.no],
      ],
      onChange: (value) => {
        draft.stagingAgrees = value === 'yes' || value === 'no' ? value : '';
        showWhen(specialistStaging, draft.stagingAgrees === 'no');
        redraw();
      },
    }),
    specialistStaging,
    textField({
      key: 'stagingNote',
      label: t.stagingNote,
      t,
      value: draft.stagingNote,
      multiline: true,
      maxLength: 1000,
      onInput: (value) => {
        draft.stagingNote = value;
      },
    }),
  );

  const path = selectField({
    key: 'recommendedPath',
    label: t.recommendedPath,
    required: true,
    t,
    value: draft.recommendedPath,
    choices: treatmentPathIds.map((id) => [id, t.pathNames[id]] as const),
    onChange: (value) => {
      draft.recommendedPath = treatmentPathIds.find((id) => id === value) ?? '';
      redraw();
    },
  });
  const optionList = listField({
    key: 'options',
    prefix: 'option',
    legend: t.options,
    hint: t.optionsHint,
    items: draft.options,
    max: 10,
    maxLength: 500,
    itemLabel: t.optionItem,
    addLabel: t.addOption,
    removeLabel: t.removeOption,
    t,
    onChange: redraw,
  });
  const limits = group(
    { key: 'limits', legend: t.limits, t },
    ...notedLimitIds.map((limit) =>
      checkbox({
        key: `limit:${limit}`,
        label: t.limitNames[limit],
        checked: draft.limits.includes(limit),
        onChange: (checked) => {
          draft.limits = checked ? [...draft.limits, limit] : draft.limits.filter((other) => other !== limit);
          redraw();
        },
      }),
    ),
  );

  const specialistName = textField({
    key: 'specialistName',
    label: t.specialistName,
    required: true,
    t,
    value: draft.specialistName,
    maxLength: 200,
    onInput: (value) => {
      draft.specialistName = value;
      redraw();
    },
  });
  const department = textField({
    key: 'department',
    label: t.department,
    required: true,
    t,
    value: draft.department,
    maxLength: 200,
    onInput: (value) => {
      draft.department = value;
      redraw();
    },
  });

  const form = h(
    'form',
    { class: 'opinion-form', novalidate: true },
    h('p', { class: 'hint' }, t.formIntro),
    summary,
    section(t.reportSection, pdf.element, language),
    section(t.opinionSection, outcome, travel, information, staging, path, optionList, limits),
    section(t.specialistSection, specialistName, department),
    section(t.previewHeading, preview),
    h('div', { class: 'send-row' }, h('p', { class: 'hint' }, t.sendHint), waiting, send, result),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (upload.state.kind === 'uploading') return;
    result.textContent = '';
    const built = buildReportBody(draft, upload.state.kind === 'done' ? upload.state.uploadId : undefined);
    const checked = check(reportSchema, built, t);
    if (!checked.ok) {
      showIssues(form, summary, checked.issues, t);
      return;
    }
    clearIssues(form, summary);
    send.disabled = true;
    result.textContent = t.sending;
    try {
      const sent = await options.api.send<RelayReport>(
        'POST',
        `/relay/cases/${encodeURIComponent(options.caseId)}/report`,
        checked.data,
      );
      options.onSent(sent.status);
    } catch (error) {
      send.disabled = false;
      showServerIssues(form, summary, built.keys, error, t);
      const message = t.refused(error instanceof ApiError ? error.message : String(error));
      result.textContent = message;
      result.dataset.kind = 'error';
    }
  });
  redraw();
  return { element: form, stop: pdf.stop };
}
