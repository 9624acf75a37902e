import { specialistNotedLimits, travelReasons, treatmentPaths } from '../../../functions/core/opinion';
import type { CaseView, CreatedCase } from '../api-types';
import { formatInstant } from '../i18n';
import { act, facts, fieldValue, form, h, labelled, messageRegion, section, showDone } from '../ui';
import type { SectionFactory } from './section';

type Report = NonNullable<CaseView['report']>;
const list = (items: readonly string[]) =>
  h(
    'ul',
    { class: 'plain' },
    items.map((item) => h('li', {}, item)),
  );

/** The hospital's report: outcome, specialist, the structured opinion, and its divergence flag. */
export const reportSection: SectionFactory = ({ ctx, t }) => ({
  column: 'main',
  key: (view) => JSON.stringify([view.report ?? null, view.divergence ?? null]),
  draw: (view) => {
    const report = view.report;
    if (!report) return section('report', t.reportHeading, h('p', { class: 'empty' }, t.noReport));
    const opinion = report.opinion;
    return section(
      'report',
      t.reportHeading,
      view.divergence && view.divergence.points.length > 0
        ? h(
            'div',
            { class: 'notice bad', 'data-field': 'divergence' },
            h('h3', {}, t.divergenceFlag),
            list(
              view.divergence.points.map(
                (point) =>
                  `${t.divergenceKind[point.kind] ?? point.kind}: ${t.divergencePoint(point.home, point.opinion)}`,
              ),
            ),
          )
        : null,
      facts([
        [t.outcome, h('strong', { 'data-field': 'outcome' }, t.outcomes[report.outcome] ?? report.outcome)],
        [t.specialist, `${report.specialist.name} (${report.specialist.department})`],
        [t.receivedAt, formatInstant(ctx.lang, report.receivedAt)],
        [t.reportLanguage, report.language],
        [t.recommendedPath, treatmentPaths[opinion.recommendedPath] ?? opinion.recommendedPath],
        [
          t.stage,
          opinion.stagingAgreement.agrees
            ? t.stagingAgrees
            : t.stagingDiffers(opinion.stagingAgreement.specialistStaging ?? ''),
        ],
      ]),
      ...opinionLists(t, opinion),
    );
  },
});

function opinionLists(t: Parameters<SectionFactory>[0]['t'], opinion: Report['opinion']) {
  const block = (title: string, items: readonly string[]) =>
    items.length > 0 ? h('div', {}, h('h3', {}, title), list(items)) : null;
  return [
    opinion.outcome === 'travel-recommended'
      ? block(
          t.travelReasons,
          opinion.travelReasons.map((entry) =>
            [travelReasons[entry.reason], entry.trialId, entry.detail].filter(Boolean).join(' · '),
          ),
        )
      : null,
    opinion.outcome === 'more-information-needed'
      ? block(t.informationNeeded, opinion.informationNeeded)
      : null,
    block(t.optionsRecommended, opinion.optionsRecommended),
    block(
      t.limitsNoted,
      opinion.limitsNoted.map((limit) => specialistNotedLimits[limit]),
    ),
  ];
}

/**
 * The plain-language summary: once the case awaits it, a text field prefilled from the draft
 * the API assembles from the opinion's fields, and `Send summary`. Afterwards, what was sent.
 */
export const summarySection: SectionFactory = ({ ctx, t, caseId, reload }) => ({
  column: 'main',
  key: (view) =>
    view.plainLanguageSummary
      ? `sent:${view.plainLanguageSummary}`
      : view.status === 'awaiting-summary'
        ? 'edit'
        : view.report
          ? 'waiting-for-workflow'
          : 'none',
  draw: (view) => {
    if (view.plainLanguageSummary) {
      return section(
        'summary',
        t.summaryHeading,
        h('p', { class: 'meta' }, t.summaryWritten),
        h('p', { class: 'summary-text' }, view.plainLanguageSummary),
      );
    }
    if (view.status !== 'awaiting-summary') {
      return section('summary', t.summaryHeading, h('p', { class: 'empty' }, t.summaryWaiting));
    }
    const region = messageRegion();
    const field = labelled(t.summaryLabel, h('textarea', { name: 'plainLanguageSummary', rows: '14' }), {
      hint: t.summaryHint,
      path: 'plainLanguageSummary',
    });
    field.control.disabled = true;
    const send = h('button', { type: 'submit' }, t.sendSummary);
    const element = form(
      { class: 'summary-form' },
      async (formElement) => {
        const sent = await act(
          send,
          region,
          t,
          () =>
            ctx.api.send('POST', `/cases/${encodeURIComponent(caseId)}/summary`, {
              plainLanguageSummary: fieldValue(formElement, 'plainLanguageSummary'),
            }),
          formElement,
        );
        if (!sent) return;
        showDone(region, t.summarySent);
        ctx.announce(t.summarySent);
        await reload();
      },
      field.row,
      region,
      h('div', { class: 'actions' }, send),
    );
    void (async () => {
      try {
        const { draft } = await ctx.api.get<{ draft: string }>(
          `/cases/${encodeURIComponent(caseId)}/summary-draft`,
        );
        // Typed text is never replaced by a late draft.
        if (!field.control.value) field.control.value = draft;
      } catch {
        // No draft: the coordinator writes the summary from scratch.
      } finally {
        field.control.disabled = false;
      }
    })();
    return section('summary', t.summaryHeading, element);
  },
});

/** After the report: a clinician-to-clinician call, and a third review (a new linked case). */
export const followUpSection: SectionFactory = ({ ctx, t, caseId, reload }) => {
  /** The third review opened from this view: its patient link stays shown while the view is open. */
  let opened: CreatedCase | undefined;
  return {
    column: 'main',
    key: (view) =>
      JSON.stringify([
        Boolean(view.report),
        view.clinicianCall ?? null,
        view.thirdReviewCaseId ?? null,
        opened?.caseId,
      ]),
    draw: (view) => {
      if (!view.report) return null;
      const callRegion = messageRegion();
      const callButton = h('button', { type: 'submit', class: 'secondary' }, t.requestCall);
      const call = view.clinicianCall
        ? h(
            'p',
            {},
            t.callRequested(formatInstant(ctx.lang, view.clinicianCall.at)),
            h('span', { class: 'quote' }, view.clinicianCall.note),
          )
        : form(
            {},
            async (formElement) => {
              const path = `/cases/${encodeURIComponent(caseId)}/clinician-call`;
              const body = { note: fieldValue(formElement, 'note') };
              if (await act(callButton, callRegion, t, () => ctx.api.send('POST', path, body), formElement))
                await reload();
            },
            labelled(t.clinicianCallNote, h('textarea', { name: 'note', rows: '3' }), { path: 'note' }).row,
            callRegion,
            h('div', { class: 'actions' }, callButton),
          );
      const reviewRegion = messageRegion();
      const reviewButton = h('button', { type: 'submit', class: 'secondary' }, t.openThirdReview);
      const review = opened
        ? h(
            'div',
            { class: 'created' },
            h(
              'p',
              {},
              t.thirdReviewOpen(opened.caseId),
              ' ',
              h('a', { href: `#/cases/${opened.caseId}` }, t.openCase),
            ),
            labelled(
              t.patientLink,
              h('input', { type: 'text', readonly: true, value: opened.patientLink, class: 'link' }),
              {
                hint: t.patientLinkOnce,
              },
            ).row,
          )
        : view.thirdReviewCaseId
          ? h(
              'p',
              {},
              t.thirdReviewOpen(view.thirdReviewCaseId),
              ' ',
              h('a', { href: `#/cases/${view.thirdReviewCaseId}` }, t.openCase),
            )
          : form(
              {},
              async (formElement) => {
                const path = `/cases/${encodeURIComponent(caseId)}/third-review`;
                const body = { question: fieldValue(formElement, 'question') };
                // The new case's patient link is shown once, as for a new case.
                opened = await act(
                  reviewButton,
                  reviewRegion,
                  t,
                  () => ctx.api.send<CreatedCase>('POST', path, body),
                  formElement,
                );
                if (opened) await reload();
              },
              labelled(t.thirdReviewQuestion, h('textarea', { name: 'question', rows: '3' }), {
                path: 'question',
              }).row,
              reviewRegion,
              h('div', { class: 'actions' }, reviewButton),
            );
      return section(
        'follow-up',
        t.followUpHeading,
        h('h3', {}, t.clinicianCallHeading),
        call,
        h('h3', {}, t.thirdReviewHeading),
        review,
      );
    },
  };
};
