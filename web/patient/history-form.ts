import { latestTodayAnywhere } from '../../functions/core/dates';
import { treatmentPaths } from '../../functions/core/opinion';
import { treatmentHistorySchema } from '../../functions/core/schemas';
import { issuesToDetails } from '../../functions/core/validation';
import { responses, systemicTherapyKinds } from '../../functions/core/vocabulary';
import { ApiError, type PatientApi } from './api';
import { h, status } from './dom';
import { collect, type FieldSpec, field, formRegions, type RepeatSpec, repeat, showErrors } from './form';
import type { Translator } from './i18n';

const response: FieldSpec = {
  name: 'response',
  label: 'response',
  kind: 'select',
  options: { table: 'responses', values: responses },
};
const period: FieldSpec[] = [
  { name: 'startDate', label: 'startDate', kind: 'date' },
  { name: 'endDate', label: 'endDate', kind: 'date' },
];

/** The sections of the treatment history, in the schema's own field names. */
const sections: readonly RepeatSpec[] = [
  {
    name: 'surgeries',
    heading: 'surgeries',
    entry: 'surgery',
    add: 'add',
    fields: [
      { name: 'procedure', label: 'procedure', kind: 'text' },
      { name: 'date', label: 'date', kind: 'date' },
      { name: 'outcome', label: 'outcome', kind: 'textarea' },
    ],
  },
  {
    name: 'chemotherapy',
    heading: 'chemotherapy',
    entry: 'chemotherapyCourse',
    add: 'add',
    fields: [
      { name: 'regimen', label: 'regimen', kind: 'text' },
      {
        name: 'drugs',
        label: 'drug',
        kind: 'text',
        entries: {
          name: 'drugs',
          heading: 'drug',
          entry: 'drug',
          add: 'addDrug',
          minimum: 1,
          fields: [
            { name: 'name', label: 'drugName', kind: 'text' },
            { name: 'dose', label: 'dose', kind: 'number' },
            { name: 'unit', label: 'unit', kind: 'text' },
          ],
        },
      },
      { name: 'cycles', label: 'cycles', kind: 'number' },
      ...period,
      response,
    ],
  },
  {
    name: 'radiation',
    heading: 'radiation',
    entry: 'radiationCourse',
    add: 'add',
    fields: [
      { name: 'target', label: 'target', kind: 'text' },
      { name: 'doseGy', label: 'doseGy', kind: 'number' },
      { name: 'fractions', label: 'fractions', kind: 'number' },
      ...period,
      response,
    ],
  },
  {
    name: 'systemicTherapies',
    heading: 'systemicTherapies',
    entry: 'systemicTherapy',
    add: 'add',
    fields: [
      {
        name: 'kind',
        label: 'kind',
        kind: 'select',
        options: { table: 'kinds', values: systemicTherapyKinds },
      },
      { name: 'drugs', label: 'drugsCommaSeparated', kind: 'list' },
      { name: 'trialId', label: 'trialId', kind: 'text' },
      ...period,
      response,
    ],
  },
  {
    name: 'tumorMarkers',
    heading: 'tumorMarkers',
    entry: 'tumorMarker',
    add: 'add',
    fields: [
      { name: 'name', label: 'markerName', kind: 'text' },
      { name: 'value', label: 'value', kind: 'number' },
      { name: 'unit', label: 'unit', kind: 'text' },
      { name: 'date', label: 'date', kind: 'date' },
    ],
  },
];

const pathIds = Object.keys(treatmentPaths);

/**
 * The treatment history form. The browser checks it with the server's own zod schema before
 * sending; the server's field errors, should it still refuse, are shown at the same fields.
 */
export function historyForm(
  t: Translator,
  api: PatientApi,
  saved: Record<string, unknown> | undefined,
  editable: boolean,
  onSaved: () => void,
): HTMLElement {
  const { summary, result } = formRegions();
  const plan = (saved?.currentPlan ?? {}) as Record<string, unknown>;
  const form = h(
    'form',
    { novalidate: true, 'aria-describedby': 'history-intro' },
    summary,
    sections.map((section) =>
      repeat(
        t,
        section,
        section.name,
        (saved?.[section.name] as Record<string, unknown>[] | undefined) ?? [],
      ),
    ),
    field(
      t,
      { name: 'latestImagingDate', label: 'latestImagingDate', kind: 'date' },
      'latestImagingDate',
      saved?.latestImagingDate,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t.t('currentPlan')),
      field(
        t,
        {
          name: 'recommendedPath',
          label: 'recommendedPath',
          kind: 'select',
          options: { table: 'paths', values: pathIds, empty: 'notChosen' },
        },
        'currentPlan.recommendedPath',
        plan.recommendedPath,
      ),
      field(
        t,
        { name: 'summary', label: 'planSummary', kind: 'textarea' },
        'currentPlan.summary',
        plan.summary,
      ),
    ),
    editable ? h('button', { type: 'submit' }, t.t('save')) : null,
    result,
  );
  if (!editable)
    for (const input of form.querySelectorAll('input, select, textarea, button'))
      input.setAttribute('disabled', '');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = collect(form);
    const currentPlan = values.currentPlan as Record<string, unknown> | undefined;
    // No course chosen and nothing written: the plan is simply not given.
    if (currentPlan && Object.keys(currentPlan).length === 0) delete values.currentPlan;
    const checked = treatmentHistorySchema(latestTodayAnywhere()).safeParse(values);
    if (!checked.success) {
      showErrors(form, summary, issuesToDetails(checked.error.issues), t);
      status(result, '');
      return;
    }
    showErrors(form, summary, [], t);
    status(result, t.t('saving'));
    try {
      await api.call('PUT', '/patient/treatment-history', values);
      status(result, t.t('historySaved'));
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        showErrors(form, summary, error.details, t);
        status(result, '');
      } else {
        status(result, t.error(error), 'error');
      }
    }
  });
  return form;
}
