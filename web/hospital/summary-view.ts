import type { Bilingual, SummaryData } from '../../functions/core/summary-pdf';
import { h } from '../patient/dom';
import { formatBytes, formatInstant, type Lang, messages } from './i18n';

/**
 * The bilingual case summary as a page: the same data `case-summary.pdf` is rendered from
 * (`case-summary.json` in the package). The interface language comes first, the other beside
 * it, so a specialist and a coordinator read the same words.
 */
function both(lang: Lang, value: Bilingual | undefined): HTMLElement | string {
  const t = messages(lang);
  if (!value) return t.notStated;
  const [first, second] = lang === 'zh-Hans' ? [value.zh, value.en] : [value.en, value.zh];
  return h(
    'span',
    { class: 'bilingual' },
    h('span', { lang: lang === 'zh-Hans' ? 'zh-Hans' : 'en' }, first),
    second && second !== first
      ? h('span', { class: 'other', lang: lang === 'zh-Hans' ? 'en' : 'zh-Hans' }, second)
      : null,
    value.complete === false ? h('span', { class: 'hint' }, t.untranslatedMark) : null,
  );
}

function table(caption: string, head: readonly string[], rows: readonly (readonly (Node | string)[])[]) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      // The heading above names the table for the eye; the caption names it for screen readers.
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((name) => h('th', { scope: 'col' }, name)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

const pairs = (entries: readonly (readonly [string, Node | string])[]) =>
  h(
    'dl',
    { class: 'pairs' },
    entries.flatMap(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)]),
  );

export function renderSummary(lang: Lang, data: SummaryData, timeZone?: string): HTMLElement {
  const t = messages(lang);
  const diagnosis = data.diagnosis;
  const zone = (data as SummaryData & { timeZone?: string }).timeZone ?? timeZone;
  return h(
    'div',
    { class: 'summary' },
    pairs([
      [t.patient, data.patient.fullName],
      [t.born, data.patient.dateOfBirth],
      [t.country, data.patient.country],
      [messages(lang).colCancer, both(lang, data.cancerType)],
      [t.generated, formatInstant(lang, data.generatedAt, zone)],
    ]),
    h('h3', {}, t.question),
    h(
      'div',
      { class: 'question' },
      h(
        'p',
        {},
        h('strong', {}, `${t.questionOriginal}：`),
        h('span', { lang: 'en' }, data.question.original),
      ),
      h(
        'p',
        {},
        h('strong', {}, `${t.questionTranslated}：`),
        h('span', { lang: 'zh-Hans' }, data.question.translated),
      ),
      data.question.note ? h('p', { class: 'hint' }, data.question.note) : null,
    ),
    h('h3', {}, t.diagnosis),
    diagnosis
      ? h(
          'div',
          {},
          pairs([
            [t.histology, both(lang, diagnosis.histology)],
            [t.subtype, both(lang, diagnosis.subtype)],
            [t.grade, both(lang, diagnosis.grade)],
            [t.stage, both(lang, diagnosis.stage)],
            [t.source, diagnosis.source],
          ]),
          diagnosis.markers.length > 0
            ? table(
                t.markers,
                [t.marker, t.result],
                diagnosis.markers.map((marker) => [marker.name, both(lang, marker.result)]),
              )
            : null,
        )
      : h('p', {}, t.notStated),
    h('h3', {}, t.treatments),
    data.treatments.length > 0
      ? table(
          t.treatments,
          [t.treatment, t.dates, t.response],
          data.treatments.map((entry) => [
            h('span', {}, both(lang, entry.kind), ' · ', both(lang, entry.what)),
            entry.dates,
            both(lang, entry.response),
          ]),
        )
      : h('p', {}, t.none),
    h('h3', {}, t.tumorMarkers),
    data.tumorMarkers.length > 0
      ? table(
          t.tumorMarkers,
          [t.marker, t.value, t.date],
          data.tumorMarkers.map((entry) => [entry.name, entry.value, entry.date]),
        )
      : h('p', {}, t.none),
    h('h3', {}, t.imaging),
    data.imaging.studies.length > 0
      ? table(
          t.imaging,
          [t.study, t.series, t.modality, t.bodyPart, t.instances],
          data.imaging.studies.flatMap((study) =>
            study.series.map((series) => [
              `${study.studyDate ?? ''} ${study.modalities.join('/')}`.trim(),
              series.seriesDescription ?? series.seriesInstanceUid,
              series.modality ?? '—',
              series.bodyPartExamined ?? '—',
              String(series.instances),
            ]),
          ),
        )
      : h('p', {}, t.none),
    h('h3', {}, messages(lang).files),
    table(
      messages(lang).filesCaption,
      [t.fileName, t.category, t.size],
      data.documents.map((doc) => [doc.fileName, both(lang, doc.category), formatBytes(lang, doc.size)]),
    ),
    h('p', { class: 'hint' }, data.translationsNote),
  );
}
