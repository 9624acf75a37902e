import type { CaseView, HospitalsList } from '../api-types';
import { messages } from '../i18n';
import { h, messageRegion, showError } from '../ui';
import { ApiError, type View } from '../view';
import { closingSection } from './closing';
import { checklistSection, uploadSection } from './documents';
import { addGapSection, gapsSection } from './gaps';
import { hospitalSection } from './hospital';
import { consentSection, deadlineSection, overviewSection, timelineSection } from './overview';
import { patientEmailSection } from './patient-emails';
import { paymentSection } from './payment';
import { diagnosisSection, historySection, imagingSection } from './records';
import { followUpSection, reportSection, summarySection } from './report';
import type { CaseSection, SectionContext, SectionFactory } from './section';

/** How often an open case view asks for news (documents checked, receipt, report). */
const POLL_MS = 2_500;

/** The work in the order it is done, then the facts beside it. */
const sections: readonly SectionFactory[] = [
  overviewSection,
  checklistSection,
  uploadSection,
  gapsSection,
  addGapSection,
  patientEmailSection,
  diagnosisSection,
  paymentSection,
  hospitalSection,
  reportSection,
  summarySection,
  followUpSection,
  deadlineSection,
  consentSection,
  imagingSection,
  historySection,
  timelineSection,
  closingSection,
];

/** A case: everything a coordinator reads and does on it, kept current while the view is open. */
export const caseView =
  (caseId: string): View =>
  (root, ctx) => {
    const t = messages(ctx.lang);
    const region = messageRegion();
    const columns = { main: h('div', { class: 'case-main' }), side: h('div', { class: 'case-side' }) };
    let names = new Map<string, string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let left = false;

    const context: SectionContext = {
      ctx,
      t,
      caseId,
      reload: () => load(),
      hospitalName: (hospitalId) => names.get(hospitalId) ?? hospitalId,
      leave: (path) => ctx.navigate(path),
    };
    const parts = sections.map((factory) => {
      const section: CaseSection = factory(context);
      const slot = h('div', { class: 'slot' });
      columns[section.column].append(slot);
      return { section, slot, key: undefined as string | undefined };
    });

    root.append(
      h('p', { class: 'crumbs' }, h('a', { href: '#/cases' }, t.backToCases)),
      h('h1', { tabindex: '-1' }, t.caseHeading(caseId)),
      region,
      h('div', { class: 'case-grid' }, columns.main, columns.side),
    );

    let loading: Promise<void> | undefined;
    async function load(): Promise<void> {
      // One load at a time: an action's reload waits for a poll under way, then runs afresh.
      if (loading) await loading;
      loading = fetchAndDraw().finally(() => {
        loading = undefined;
      });
      return loading;
    }

    async function fetchAndDraw() {
      let view: CaseView;
      try {
        view = await ctx.api.get<CaseView>(`/cases/${encodeURIComponent(caseId)}`);
      } catch (error) {
        if (left) return;
        if (error instanceof ApiError && error.status === 404) {
          stop();
          columns.main.replaceChildren();
          columns.side.replaceChildren();
          region.dataset.kind = 'error';
          region.replaceChildren(h('p', {}, t.caseNotFound(caseId)));
        } else showError(region, t, error);
        return;
      }
      if (left) return;
      region.replaceChildren();
      for (const part of parts) {
        const key = part.section.key(view);
        if (key === part.key) continue;
        part.key = key;
        redraw(part.slot, part.section.draw(view));
      }
    }

    const stop = () => {
      left = true;
      clearTimeout(timer);
    };
    const poll = async () => {
      if (document.visibilityState === 'visible') await load();
      if (!left) timer = setTimeout(() => void poll(), POLL_MS);
    };

    void (async () => {
      try {
        const directory = await ctx.api.get<HospitalsList>('/hospitals');
        names = new Map(directory.hospitals.map((hospital) => [hospital.hospitalId, hospital.name]));
      } catch {
        // Without the directory, hospitals show by id; the case itself still loads.
      }
      if (!left) await poll();
    })();
    return stop;
  };

/**
 * Replaces a part's content, keeping the keyboard where it was: the control that had focus
 * (found again by its `data-key`, or its name) or else the part's heading.
 */
function redraw(slot: HTMLElement, content: HTMLElement | null) {
  const active = document.activeElement;
  const hadFocus = active instanceof HTMLElement && slot.contains(active);
  const focusKey = hadFocus ? (active.dataset.key ?? active.getAttribute('name') ?? undefined) : undefined;
  slot.replaceChildren(...(content ? [content] : []));
  if (!hadFocus) return;
  const again =
    (focusKey &&
      [...slot.querySelectorAll<HTMLElement>('[data-key], [name]')].find(
        (element) => (element.dataset.key ?? element.getAttribute('name')) === focusKey,
      )) ||
    slot.querySelector<HTMLElement>('h2');
  if (again) {
    if (again.tagName === 'H2') again.setAttribute('tabindex', '-1');
    again.focus();
  }
}
