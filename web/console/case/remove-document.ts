import type { RemovedDocument } from '../api-types';
import { openDialog } from '../dialog';
import { act, fieldValue, form, h, labelled, messageRegion } from '../ui';
import type { SectionContext } from './section';

/** The API's bound on the reason (waiveGapSchema): the field stops there, the server checks again. */
const REASON_MAX = 1000;

/** The gap ids that are about one document: `identity:<documentId>`, `study-date:<documentId>`. */
const DOCUMENT_GAP = /^(identity|study-date):(.+)$/;

/** The document an identity or study-date gap is about, or undefined for any other gap. */
export function gapDocument(
  gapId: string,
): { check: 'identity' | 'study-date'; documentId: string } | undefined {
  const match = DOCUMENT_GAP.exec(gapId);
  if (!match) return undefined;
  return { check: match[1] as 'identity' | 'study-date', documentId: match[2] ?? '' };
}

/**
 * Asks for the reason a document leaves the case (another patient's study, a wrong file) and
 * removes it: POST /cases/{id}/documents/{documentId}/remove. The same dialog serves the gap
 * report and the checklist. `quote` is what the coordinator is deciding about (the gap's message,
 * or the file); an empty reason is caught here, with the keyboard put back on the field.
 */
export function removeDocumentDialog(
  context: SectionContext,
  options: { documentId: string; quote: string; fallback: HTMLElement },
): void {
  const { t, ctx, caseId, reload } = context;
  const openerKey =
    document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
  let built: HTMLFormElement | undefined;
  openDialog({
    title: t.removeHeading,
    fallback: options.fallback.querySelector('h2') ?? options.fallback,
    content: (close) => {
      const region = messageRegion();
      const reason = labelled(
        t.removeReason,
        h('textarea', { name: 'reason', rows: '3', maxlength: String(REASON_MAX), required: true }),
        { hint: t.removeReasonHint, path: 'reason' },
      );
      const confirm = h('button', { type: 'submit', class: 'danger' }, t.removeDocument);
      const element = form(
        {},
        async (formElement) => {
          const text = fieldValue(formElement, 'reason');
          if (text === '') {
            showMissing(formElement, reason.control, region, t.removeReasonMissing);
            return;
          }
          const removed = await act(
            confirm,
            region,
            t,
            () =>
              ctx.api.send<RemovedDocument>(
                'POST',
                `/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(options.documentId)}/remove`,
                { reason: text },
              ),
            formElement,
          );
          if (!removed) {
            // A field the server marked takes the keyboard; otherwise it stays on the button.
            formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
            return;
          }
          close();
          ctx.announce(t.documentRemoved);
          await reload();
        },
        h('p', {}, t.removeIntro),
        h('p', { class: 'quote' }, options.quote),
        reason.row,
        region,
        h(
          'div',
          { class: 'actions' },
          confirm,
          h('button', { type: 'button', class: 'secondary', onclick: close }, t.cancel),
        ),
      );
      built = element;
      return [element];
    },
  });
  // openDialog has put the form in its <dialog> by now; this listener runs after its own.
  built?.closest('dialog')?.addEventListener('close', () => refocus(openerKey, options.fallback.id));
}

/**
 * The page polls and redraws while the dialog is open, so the button that opened it may have
 * been replaced (same `data-key`) or be gone: the keyboard goes to its successor, else to the
 * section's heading as it is now. Runs after the dialog's own hand-back, only if that found nothing.
 */
function refocus(openerKey: string | undefined, sectionId: string) {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  const successor = openerKey
    ? [...document.querySelectorAll<HTMLElement>('[data-key]')].find(
        (element) => element.dataset.key === openerKey,
      )
    : undefined;
  const heading = document.getElementById(sectionId)?.querySelector<HTMLElement>('h2');
  const target = successor ?? heading;
  if (target?.tagName === 'H2') target.setAttribute('tabindex', '-1');
  target?.focus();
}

/** The field's own error, said at the field (its description, read when the keyboard lands there). */
function showMissing(
  formElement: HTMLFormElement,
  control: HTMLElement,
  region: HTMLElement,
  message: string,
) {
  const slot = formElement.querySelector<HTMLElement>('[data-error-for="reason"]');
  if (slot) slot.textContent = message;
  control.setAttribute('aria-invalid', 'true');
  // A server refusal from an earlier try no longer applies.
  region.replaceChildren();
  delete region.dataset.kind;
  control.focus();
}
