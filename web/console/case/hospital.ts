import type { CaseView, HospitalMatches } from '../api-types';
import { h, messageRegion, section, showDone, showError, uniqueId } from '../ui';
import { ApiError } from '../view';
import { isCollecting, type SectionFactory } from './section';

/**
 * Hospital matches with their reasons, best first, and `Submit to hospital`. A 409 (the case
 * is not ready for that hospital) lists its blocking gaps here, beside the button.
 */
export const hospitalSection: SectionFactory = ({ ctx, t, caseId, reload, hospitalName }) => ({
  column: 'main',
  key: (view) =>
    JSON.stringify([
      isCollecting(view) ? 'open' : view.status,
      view.consent?.hospitalId,
      view.hospitalId,
      view.submission,
    ]),
  draw: (view) => {
    if (!isCollecting(view)) {
      return section(
        'hospital',
        t.matchesHeading,
        h(
          'p',
          { 'data-field': 'submitted' },
          view.hospitalId && view.submission > 0
            ? t.submittedTo(hospitalName(view.hospitalId), view.submission)
            : t.caseClosed,
        ),
      );
    }
    const list = h('div', { class: 'matches' }, h('p', { role: 'status' }, t.loading));
    const region = messageRegion();
    // Enabled once the matches are listed and one is chosen.
    const button = h('button', { type: 'button', disabled: true }, t.submit);
    button.addEventListener('click', () => void submit());
    const holder = section(
      'hospital',
      t.matchesHeading,
      h('p', { class: 'intro' }, t.matchesIntro),
      list,
      h('div', { class: 'actions' }, button),
      region,
    );
    void loadMatches(view);
    return holder;

    async function loadMatches(current: CaseView) {
      try {
        const { matches } = await ctx.api.get<HospitalMatches>(
          `/cases/${encodeURIComponent(caseId)}/hospital-matches`,
        );
        if (matches.length === 0) {
          list.replaceChildren(h('p', { class: 'empty' }, t.noMatches));
          button.disabled = true;
          return;
        }
        const chosen =
          matches.find((match) => match.hospitalId === current.consent?.hospitalId) ?? matches[0];
        const name = uniqueId('hospital');
        list.replaceChildren(
          h(
            'fieldset',
            {},
            h('legend', {}, t.chooseHospital),
            matches.map((match) => {
              const id = uniqueId('match');
              return h(
                'div',
                { class: 'match', 'data-hospital': match.hospitalId },
                h('input', {
                  type: 'radio',
                  id,
                  name,
                  value: match.hospitalId,
                  checked: match === chosen,
                  'aria-describedby': `${id}-reasons`,
                }),
                h('label', { for: id }, `${match.rank}. ${hospitalName(match.hospitalId)}`),
                h(
                  'ul',
                  { class: 'reasons', id: `${id}-reasons` },
                  match.reasons.map((reason) => h('li', {}, reason)),
                ),
              );
            }),
          ),
        );
        button.disabled = false;
      } catch (error) {
        list.replaceChildren();
        showError(region, t, error);
      }
    }

    async function submit() {
      const hospitalId = list.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.value;
      if (!hospitalId) return;
      button.disabled = true;
      try {
        await ctx.api.send('POST', `/cases/${encodeURIComponent(caseId)}/submit`, { hospitalId });
        showDone(region, t.submitted);
        ctx.announce(t.submitted);
        await reload();
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && error.code === 'not_ready')
          showBlocking(error);
        else showError(region, t, error);
      } finally {
        button.disabled = false;
      }
    }

    function showBlocking(error: ApiError) {
      const gaps = error.details as { message?: string; itemId?: string }[];
      region.dataset.kind = 'error';
      region.replaceChildren(
        h('p', {}, t.notReady),
        h(
          'ul',
          { class: 'blocking-list' },
          gaps.map((gap) => h('li', {}, `${t.items[gap.itemId ?? ''] ?? gap.itemId}: ${gap.message ?? ''}`)),
        ),
      );
    }
  },
});
