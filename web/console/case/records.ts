import { treatmentPaths } from '../../../functions/core/opinion';
import { diagnosisSchema } from '../../../functions/core/schemas';
import { issuesToDetails } from '../../../functions/core/validation';
import type { CaseView } from '../api-types';
import { formatDay, type Messages } from '../i18n';
import {
  act,
  FORM_CHECK,
  facts,
  fieldValue,
  form,
  h,
  labelled,
  messageRegion,
  section,
  showError,
} from '../ui';
import { ApiError } from '../view';
import { isCollecting, type SectionFactory } from './section';

type Diagnosis = NonNullable<CaseView['diagnosis']>;
type Marker = Diagnosis['markers'][number];

/**
 * The diagnosis read from the pathology report (or as a coordinator corrected it), and while the
 * case is collecting, a form to correct it (PUT /cases/{id}/diagnosis). While the form is open,
 * news from the server does not redraw it.
 */
export const diagnosisSection: SectionFactory = ({ ctx, t, caseId, reload }) => {
  // While the form is open the key stays as it was, so no poll redraws what is being typed.
  let editing = false;
  let key = '';
  return {
    column: 'main',
    key: (view) => {
      if (!editing) key = JSON.stringify([view.diagnosis ?? null, isCollecting(view)]);
      return key;
    },
    draw: (view) => {
      const body = h('div', {});
      const holder = section('diagnosis', t.diagnosisHeading, body);
      const show = () => {
        editing = false;
        body.replaceChildren(...diagnosisFacts(t, view.diagnosis));
        if (!isCollecting(view)) return;
        const edit = h(
          'button',
          { type: 'button', class: 'secondary', 'data-key': 'edit-diagnosis' },
          t.correctDiagnosis,
        );
        edit.addEventListener('click', () => {
          editing = true;
          body.replaceChildren(diagnosisForm(view.diagnosis, { saved, cancel }));
          body.querySelector<HTMLElement>('input')?.focus();
        });
        body.append(h('div', { class: 'actions' }, edit));
      };
      const saved = async () => {
        editing = false;
        ctx.announce(t.diagnosisSaved);
        await reload();
      };
      const cancel = () => {
        show();
        body.querySelector<HTMLElement>('[data-key="edit-diagnosis"]')?.focus();
      };
      const diagnosisForm = (
        diagnosis: Diagnosis | undefined,
        done: { saved(): Promise<void>; cancel(): void },
      ) => {
        const region = messageRegion();
        const markers = h('fieldset', { class: 'markers' }, h('legend', {}, t.markers));
        const add = h('button', { type: 'button', class: 'secondary small' }, t.addMarker);
        const addMarker = (marker?: Marker) => {
          const index = markers.querySelectorAll('.marker').length;
          const field = (name: 'name' | 'result', label: string) =>
            labelled(
              label,
              h('input', { type: 'text', name: `marker.${name}`, value: marker?.[name] ?? '' }),
              {
                path: `markers.${index}.${name}`,
              },
            ).row;
          const row = h(
            'div',
            { class: 'marker row' },
            field('name', t.markerName),
            field('result', t.markerResult),
          );
          row.append(
            h(
              'button',
              { type: 'button', class: 'secondary small', onclick: () => row.remove() },
              t.removeMarker(index + 1),
            ),
          );
          markers.insertBefore(row, add);
        };
        add.addEventListener('click', () => addMarker());
        markers.append(add);
        for (const marker of diagnosis?.markers ?? []) addMarker(marker);
        const save = h('button', { type: 'submit' }, t.saveDiagnosis);
        const text = (name: 'histology' | 'subtype' | 'grade' | 'stage', label: string) =>
          labelled(label, h('input', { type: 'text', name, value: diagnosis?.[name] ?? '' }), { path: name })
            .row;
        return form(
          { class: 'diagnosis-form' },
          async (formElement) => {
            const checked = diagnosisSchema.safeParse(readDiagnosis(formElement));
            if (!checked.success) {
              showError(
                region,
                t,
                new ApiError(400, FORM_CHECK, t.fieldsToFix, issuesToDetails(checked.error.issues)),
                formElement,
              );
              return;
            }
            const path = `/cases/${encodeURIComponent(caseId)}/diagnosis`;
            if (await act(save, region, t, () => ctx.api.send('PUT', path, checked.data), formElement))
              await done.saved();
          },
          h('div', { class: 'row' }, text('histology', t.histology), text('subtype', t.subtype)),
          h('div', { class: 'row' }, text('grade', t.grade), text('stage', t.stage)),
          markers,
          region,
          h(
            'div',
            { class: 'actions' },
            save,
            h('button', { type: 'button', class: 'secondary', onclick: done.cancel }, t.cancel),
          ),
        );
      };
      show();
      return holder;
    },
  };
};

/** Empty fields are left out (the schema's optional fields), as are empty marker rows. */
function readDiagnosis(formElement: HTMLFormElement) {
  const optional = (name: string) => {
    const value = fieldValue(formElement, name);
    return value ? { [name]: value } : {};
  };
  const markers = [...formElement.querySelectorAll('.marker')]
    .map((row) => ({
      name: (row.querySelector<HTMLInputElement>('[name="marker.name"]')?.value ?? '').trim(),
      result: (row.querySelector<HTMLInputElement>('[name="marker.result"]')?.value ?? '').trim(),
    }))
    .filter((marker) => marker.name || marker.result);
  return {
    ...optional('histology'),
    ...optional('subtype'),
    ...optional('grade'),
    ...optional('stage'),
    markers,
  };
}

function diagnosisFacts(t: Messages, diagnosis: Diagnosis | undefined): Node[] {
  if (!diagnosis) return [h('p', { class: 'empty' }, t.noDiagnosis)];
  return [
    h('p', { class: 'meta' }, t.diagnosisSource[diagnosis.source.kind] ?? diagnosis.source.kind),
    facts([
      [t.histology, diagnosis.histology],
      [t.subtype, diagnosis.subtype],
      [t.grade, diagnosis.grade],
      [t.stage, diagnosis.stage],
      [
        t.markers,
        diagnosis.markers.length > 0
          ? diagnosis.markers.map((marker) => `${marker.name}: ${marker.result}`).join('; ')
          : undefined,
      ],
    ]),
  ];
}

/** The imaging index: studies and their series, from the accepted DICOM files; a shipped disc. */
export const imagingSection: SectionFactory = ({ ctx, t }) => ({
  column: 'side',
  key: (view) => JSON.stringify([view.imaging, view.imagingShipment ?? null]),
  draw: (view) =>
    section(
      'imaging',
      t.imagingHeading,
      view.imagingShipment
        ? h(
            'p',
            { class: 'notice' },
            t.shipment(view.imagingShipment.carrier, view.imagingShipment.trackingNumber),
          )
        : null,
      view.imaging.studies.length === 0
        ? h('p', { class: 'empty' }, t.noImaging)
        : h(
            'ul',
            { class: 'plain studies' },
            view.imaging.studies.map((study) =>
              h(
                'li',
                {},
                h(
                  'p',
                  {},
                  h('strong', {}, `${study.modalities.join(', ') || t.study}`),
                  study.studyDate ? ` · ${formatDay(ctx.lang, dicomDay(study.studyDate))}` : '',
                  ` · ${t.seriesCount(study.series.length)}`,
                ),
                h(
                  'ul',
                  { class: 'plain series' },
                  study.series.map((series) =>
                    h(
                      'li',
                      {},
                      [series.modality, series.bodyPartExamined, series.seriesDescription]
                        .filter(Boolean)
                        .join(' · '),
                      ` (${t.instances(series.instances)})`,
                    ),
                  ),
                ),
              ),
            ),
          ),
    ),
});

/** DICOM dates are YYYYMMDD. */
const dicomDay = (value: string) =>
  /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value;

/** The treatment history as the patient entered it, one list per kind of treatment. */
export const historySection: SectionFactory = ({ ctx, t }) => ({
  column: 'side',
  key: (view) => JSON.stringify(view.treatmentHistory ?? null),
  draw: (view) => {
    const history = view.treatmentHistory;
    if (!history) return section('history', t.historyHeading, h('p', { class: 'empty' }, t.noHistory));
    const day = (value: string | null | undefined) => (value ? formatDay(ctx.lang, value) : '…');
    const period = (entry: { startDate: string; endDate?: string | null }) =>
      `${day(entry.startDate)} – ${day(entry.endDate)}`;
    const list = (title: string, lines: string[]) =>
      lines.length === 0
        ? null
        : h(
            'div',
            {},
            h('h3', {}, title),
            h(
              'ul',
              { class: 'plain' },
              lines.map((line) => h('li', {}, line)),
            ),
          );
    return section(
      'history',
      t.historyHeading,
      list(
        t.surgeries,
        history.surgeries.map((entry) =>
          [entry.procedure, day(entry.date), entry.outcome].filter(Boolean).join(' · '),
        ),
      ),
      list(
        t.chemotherapy,
        history.chemotherapy.map((entry) =>
          [
            entry.regimen,
            entry.drugs.map((drug) => `${drug.name} ${drug.dose} ${drug.unit}`).join(', '),
            t.cycles(entry.cycles),
            period(entry),
            `${t.response}: ${entry.response}`,
          ].join(' · '),
        ),
      ),
      list(
        t.radiation,
        history.radiation.map((entry) =>
          [
            entry.target,
            `${entry.doseGy} Gy`,
            t.fractions(entry.fractions),
            period(entry),
            `${t.response}: ${entry.response}`,
          ].join(' · '),
        ),
      ),
      list(
        t.systemicTherapies,
        history.systemicTherapies.map((entry) =>
          [
            entry.kind,
            entry.drugs.join(', '),
            entry.trialId,
            period(entry),
            `${t.response}: ${entry.response}`,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      ),
      list(
        t.breaks,
        history.breaks.map((entry) => `${day(entry.from)} – ${day(entry.to)} · ${entry.reason}`),
      ),
      list(
        t.tumorMarkers,
        history.tumorMarkers.map(
          (entry) => `${entry.name} ${entry.value} ${entry.unit} · ${day(entry.date)}`,
        ),
      ),
      facts([
        [t.latestImaging, history.latestImagingDate ? day(history.latestImagingDate) : undefined],
        [
          t.currentPlan,
          history.currentPlan
            ? `${treatmentPaths[history.currentPlan.recommendedPath] ?? history.currentPlan.recommendedPath}: ${history.currentPlan.summary}`
            : undefined,
        ],
      ]),
    );
  },
});
