import { isWaivable } from '../../../functions/core/case/waivable';
import { itemIds } from '../../../functions/core/vocabulary';
import type { CaseView, GapView } from '../api-types';
import { openDialog } from '../dialog';
import { formatInstant } from '../i18n';
import { act, fieldValue, form, h, labelled, messageRegion, section, select, showDone } from '../ui';
import { gapDocument, removeDocumentDialog } from './remove-document';
import { isCollecting, type SectionContext, type SectionFactory } from './section';

/**
 * The gap report: blocking gaps first, each waivable one with its Waive button, an identity gap
 * also with Remove document (the record may be another patient's); what was waived, and why.
 */
export const gapsSection: SectionFactory = (context) => ({
  column: 'main',
  key: (view) =>
    JSON.stringify([
      view.gaps,
      view.waivedGaps,
      isCollecting(view),
      view.waivedGaps.map((waiver) => waivedItem(context.t, view, waiver.gapId)),
    ]),
  draw: (view) => {
    const { t, ctx } = context;
    const open = isCollecting(view);
    const gaps = [...view.gaps].sort((a, b) =>
      a.severity === b.severity ? 0 : a.severity === 'blocking' ? -1 : 1,
    );
    const heading: HTMLElement = section(
      'gaps',
      t.gapsHeading,
      gaps.length === 0
        ? h('p', { class: 'empty' }, t.noGaps)
        : h(
            'ul',
            { class: 'gaps' },
            gaps.map((gap) =>
              h(
                'li',
                { 'data-gap': gap.gapId, 'data-severity': gap.severity },
                h(
                  'span',
                  { class: `severity ${gap.severity}` },
                  gap.severity === 'blocking' ? t.blocking : t.advisory,
                ),
                h(
                  'div',
                  { class: 'gap-text' },
                  h('p', {}, gap.message),
                  h(
                    'p',
                    { class: 'meta' },
                    t.items[gap.itemId] ?? gap.itemId,
                    gap.source === 'coordinator' ? ` · ${t.byCoordinator}` : '',
                  ),
                ),
                open ? gapActions(context, gap, () => heading) : null,
              ),
            ),
          ),
      view.waivedGaps.length > 0
        ? h(
            'div',
            { class: 'waived' },
            h('h3', {}, t.waivedHeading),
            h(
              'ul',
              { class: 'plain' },
              view.waivedGaps.map((waiver) =>
                h(
                  'li',
                  { 'data-waived': waiver.gapId },
                  h(
                    'span',
                    { class: 'meta' },
                    `${waivedItem(t, view, waiver.gapId)} · ${formatInstant(ctx.lang, waiver.at)}`,
                  ),
                  h('p', { class: 'quote' }, waiver.reason),
                ),
              ),
            ),
          )
        : null,
    );
    return heading;
  },
});

/** What a coordinator can do about an open gap: waive it, and for an identity gap remove the document. */
function gapActions(
  context: SectionContext,
  gap: GapView,
  /** The gap report's element, once it is built (the buttons are made while it is). */
  heading: () => HTMLElement,
): HTMLElement | null {
  const { t } = context;
  const about = gapDocument(gap.gapId);
  const buttons = [
    isWaivable(gap.gapId)
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            'data-key': `waive:${gap.gapId}`,
            'aria-label': `${t.waive}: ${gap.message}`,
            onclick: () => waiveDialog(context, gap, heading()),
          },
          t.waive,
        )
      : null,
    about?.check === 'identity'
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary danger small',
            'data-key': `remove:${gap.gapId}`,
            'aria-label': `${t.removeDocument}: ${gap.message}`,
            onclick: () =>
              removeDocumentDialog(context, {
                documentId: about.documentId,
                quote: gap.message,
                fallback: heading(),
              }),
          },
          t.removeDocument,
        )
      : null,
  ].filter((button) => button !== null);
  return buttons.length > 0 ? h('div', { class: 'gap-actions' }, buttons) : null;
}

/**
 * A waived gap by what it was about: its id is `<item>:<what>`, `custom:<id>` for a
 * coordinator's own, or `identity:<documentId>` / `study-date:<documentId>` for one document's
 * check (named with the document's file, while the case still lists it).
 */
function waivedItem(t: SectionContext['t'], view: CaseView, gapId: string): string {
  const about = gapDocument(gapId);
  if (about) {
    const check = about.check === 'identity' ? t.waivedIdentity : t.waivedStudyDate;
    const file = view.checklist
      .flatMap((entry) => entry.documents)
      .find((candidate) => candidate.documentId === about.documentId);
    return file ? t.waivedOf(check, file.fileName) : check;
  }
  const item = gapId.split(':')[0] ?? gapId;
  return t.items[item] ?? (item === 'custom' ? t.byCoordinator : gapId);
}

function waiveDialog(context: SectionContext, gap: GapView, fallback: HTMLElement) {
  const { t, ctx, caseId, reload } = context;
  openDialog({
    title: t.waiveHeading,
    fallback: fallback.querySelector('h2') ?? fallback,
    content: (close) => {
      const region = messageRegion();
      const reason = labelled(t.waiveReason, h('textarea', { name: 'reason', rows: '3' }), {
        hint: t.waiveReasonHint,
        path: 'reason',
      });
      const confirm = h('button', { type: 'submit' }, t.waive);
      const element = form(
        {},
        async (formElement) => {
          const waived = await act(
            confirm,
            region,
            t,
            () =>
              ctx.api.send(
                'POST',
                `/cases/${encodeURIComponent(caseId)}/gaps/${encodeURIComponent(gap.gapId)}/waive`,
                { reason: fieldValue(formElement, 'reason') },
              ),
            formElement,
          );
          if (!waived) return;
          close();
          ctx.announce(t.waived);
          await reload();
        },
        h('p', { class: 'quote' }, gap.message),
        reason.row,
        region,
        h(
          'div',
          { class: 'actions' },
          confirm,
          h('button', { type: 'button', class: 'secondary', onclick: close }, t.cancel),
        ),
      );
      return [element];
    },
  });
}

/** A gap of the coordinator's own: which item, how serious, what is missing. */
export const addGapSection: SectionFactory = ({ ctx, t, caseId, reload }) => ({
  column: 'main',
  key: (view) => (isCollecting(view) ? 'open' : 'closed'),
  draw: (view) => {
    if (!isCollecting(view)) return null;
    const region = messageRegion();
    const button = h('button', { type: 'submit', class: 'secondary' }, t.addGap);
    const element = form(
      { class: 'add-gap' },
      async (formElement) => {
        const added = await act(
          button,
          region,
          t,
          () =>
            ctx.api.send('POST', `/cases/${encodeURIComponent(caseId)}/gaps`, {
              itemId: fieldValue(formElement, 'itemId'),
              severity: fieldValue(formElement, 'severity'),
              message: fieldValue(formElement, 'message'),
            }),
          formElement,
        );
        if (!added) return;
        formElement.reset();
        showDone(region, t.gapAdded);
        await reload();
      },
      h(
        'div',
        { class: 'row' },
        labelled(
          t.gapItem,
          select(itemIds, (id) => t.items[id] ?? id, { name: 'itemId' }),
          { path: 'itemId' },
        ).row,
        labelled(
          t.gapSeverity,
          select(
            ['advisory', 'blocking'],
            (severity) => (severity === 'blocking' ? t.blocking : t.advisory),
            {
              name: 'severity',
            },
          ),
          { path: 'severity' },
        ).row,
      ),
      labelled(t.gapMessage, h('input', { type: 'text', name: 'message' }), { path: 'message' }).row,
      region,
      h('div', { class: 'actions' }, button),
    );
    return section('add-gap', t.addGapHeading, element);
  },
});
