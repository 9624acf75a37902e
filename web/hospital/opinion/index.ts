// First: zod must be jitless before the schemas below are built.
import './zod-setup';
import './styles.css';
import type { RelayCasesList, RelayReport } from '../../../functions/core/responses/relay';
import { ApiError, type ConsoleApi } from '../../console/view';
import { h } from '../../patient/dom';
import { emptyDraft, type OpinionDraft } from './draft';
import { followUp } from './follow-up';
import { opinionForm } from './opinion-form';
import { opinionText } from './text';
import { UploadSlot } from './upload';

export interface OpinionContext {
  api: ConsoleApi;
  lang: 'zh-Hans' | 'en';
  announce(message: string): void;
  navigate(path: string): void;
  /** The signed-in staff member's hospital, for the draft summary in the preview (optional). */
  hospitalName?: string;
}

/**
 * What was typed and uploaded for a case, kept in memory only (never in storage: it is clinical
 * text) while the page lives, so a change of language (the portal mounts the view again) loses
 * nothing, and an upload under way keeps going.
 */
interface CaseDraft {
  readonly opinion: OpinionDraft;
  readonly report: UploadSlot;
  readonly answers: Map<string, string>;
  readonly addendum: UploadSlot;
}
const drafts = new Map<string, CaseDraft>();

function draftFor(caseId: string, ctx: OpinionContext): CaseDraft {
  let draft = drafts.get(caseId);
  if (!draft) {
    draft = {
      opinion: emptyDraft(ctx.lang === 'en' ? 'en' : 'zh'),
      report: new UploadSlot(ctx.api, caseId),
      answers: new Map(),
      addendum: new UploadSlot(ctx.api, caseId),
    };
    drafts.set(caseId, draft);
  }
  return draft;
}

/** The opinion form for a case (when the hospital may report) or, once reported, the follow-up questions with an addendum form. */
export function mountOpinion(root: HTMLElement, caseId: string, ctx: OpinionContext): () => void {
  const t = opinionText(ctx.lang);
  const stops: (() => void)[] = [];
  let stopped = false;
  const body = h('div', { class: 'opinion-view' });
  root.append(body);

  const showFollowUp = (status: RelayReport['status'], confirmation?: string) => {
    const draft = draftFor(caseId, ctx);
    const statusLine = h(
      'p',
      { class: 'case-status', 'data-status': status },
      t.statusLine(t.statusName(status)),
    );
    body.replaceChildren();
    if (confirmation) {
      const done = h(
        'div',
        { class: 'confirmation', role: 'status', tabindex: '-1' },
        h('p', {}, confirmation),
      );
      body.append(done);
      done.focus();
    }
    body.append(statusLine);
    if (status === 'awaiting-summary') body.append(h('p', {}, t.awaitingSummary));
    stops.push(
      followUp(body, {
        caseId,
        api: ctx.api,
        t,
        lang: ctx.lang,
        answers: draft.answers,
        upload: draft.addendum,
        announce: ctx.announce,
      }),
    );
  };

  const show = (status: RelayReport['status']) => {
    if (status === 'under-review' || status === 'overdue') {
      const draft = draftFor(caseId, ctx);
      const form = opinionForm({
        caseId,
        draft: draft.opinion,
        upload: draft.report,
        t,
        lang: ctx.lang,
        hospitalName: ctx.hospitalName,
        api: ctx.api,
        announce: ctx.announce,
        onSent: (next) => {
          form.stop();
          // The opinion is in: its draft and spent upload go; the follow-up keeps its own.
          drafts.delete(caseId);
          const message = t.sent(t.statusName(next));
          ctx.announce(message);
          showFollowUp(next, message);
        },
      });
      stops.push(form.stop);
      body.replaceChildren(
        h('p', { class: 'case-status', 'data-status': status }, t.statusLine(t.statusName(status))),
        form.element,
      );
    } else if (status === 'awaiting-summary' || status === 'completed') {
      showFollowUp(status);
    } else if (status === 'cancelled') {
      body.replaceChildren(h('p', { class: 'notice' }, t.cancelled));
    } else {
      body.replaceChildren(
        h('p', { class: 'case-status', 'data-status': status }, t.statusLine(t.statusName(status))),
        h('p', { class: 'notice' }, t.notYet),
      );
    }
  };

  const load = async () => {
    body.replaceChildren(h('p', { class: 'loading', role: 'status' }, t.loading));
    try {
      const { cases } = await ctx.api.get<RelayCasesList>('/relay/cases');
      if (stopped) return;
      const found = cases.find((entry) => entry.caseId === caseId);
      if (!found) body.replaceChildren(h('p', { class: 'notice', role: 'alert' }, t.notFound));
      else show(found.status);
    } catch (error) {
      if (stopped) return;
      body.replaceChildren(
        h('p', { role: 'alert' }, `${t.loadFailed} ${error instanceof ApiError ? error.message : ''}`.trim()),
        h('button', { type: 'button', onclick: () => void load() }, t.retry),
      );
    }
  };
  void load();

  return () => {
    stopped = true;
    for (const stop of stops) stop();
  };
}
