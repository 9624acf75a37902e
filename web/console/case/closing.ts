import { openDialog } from '../dialog';
import { act, fieldValue, form, h, labelled, messageRegion, section } from '../ui';
import type { SectionContext, SectionFactory } from './section';

/**
 * Cancel (the records stay) and erase (at the patient's request, everything goes): each asks
 * in a dialog, and erase only goes ahead once the coordinator has typed the case id.
 */
export const closingSection: SectionFactory = (context) => ({
  column: 'side',
  key: (view) => view.status,
  draw: (view) => {
    const { t, ctx, caseId, reload, leave } = context;
    const path = (action: string) => `/cases/${encodeURIComponent(caseId)}/${action}`;
    const cancellable = view.status !== 'completed' && view.status !== 'cancelled';
    const cancel = h(
      'button',
      { type: 'button', class: 'secondary danger', 'data-key': 'cancel-case' },
      t.cancelCase,
    );
    cancel.addEventListener('click', () =>
      confirmDialog(context, holder, {
        title: t.cancelCase,
        intro: t.cancelIntro,
        field: labelled(t.cancelReason, h('textarea', { name: 'reason', rows: '3' }), { path: 'reason' }).row,
        confirm: t.cancelConfirm,
        send: (formElement) =>
          ctx.api.send('POST', path('cancel'), { reason: fieldValue(formElement, 'reason') }),
        done: async () => {
          ctx.announce(t.cancelled);
          await reload();
        },
      }),
    );
    const erase = h('button', { type: 'button', class: 'danger', 'data-key': 'erase-case' }, t.eraseCase);
    erase.addEventListener('click', () =>
      confirmDialog(context, holder, {
        title: t.eraseCase,
        intro: t.eraseIntro,
        field: labelled(
          t.eraseConfirmLabel(caseId),
          h('input', { type: 'text', name: 'confirmCaseId', autocomplete: 'off', spellcheck: 'false' }),
          { path: 'confirmCaseId' },
        ).row,
        confirm: t.eraseConfirm,
        // Checked here first: a slip is caught before anything is sent (the API checks it again).
        send: (formElement) => {
          const typed = fieldValue(formElement, 'confirmCaseId');
          if (typed !== caseId) return undefined;
          return ctx.api.send('POST', path('erase'), { requestedBy: 'patient', confirmCaseId: typed });
        },
        done: () => {
          ctx.announce(t.erased(caseId));
          leave('/cases');
        },
      }),
    );
    const holder = section(
      'closing',
      t.closingHeading,
      cancellable ? h('p', { class: 'meta' }, t.cancelIntro) : null,
      h('p', { class: 'meta' }, t.eraseIntro),
      h('div', { class: 'actions' }, cancellable ? cancel : null, erase),
    );
    return holder;
  },
});

/**
 * A dialog that asks once more: its field, a confirming button and Cancel. `send` answers
 * undefined when the field does not confirm (the typed id is not the case's).
 */
function confirmDialog(
  context: SectionContext,
  holder: HTMLElement,
  options: {
    title: string;
    intro: string;
    field: HTMLElement;
    confirm: string;
    send: (form: HTMLFormElement) => Promise<unknown> | undefined;
    done: () => Promise<void> | void;
  },
) {
  const { t } = context;
  openDialog({
    title: options.title,
    fallback: holder.querySelector('h2') ?? holder,
    content: (close) => {
      const region = messageRegion();
      const button = h('button', { type: 'submit', class: 'danger' }, options.confirm);
      const element = form(
        {},
        async (formElement) => {
          const sent = options.send(formElement);
          if (!sent) {
            region.dataset.kind = 'error';
            region.textContent = t.eraseMismatch;
            formElement.querySelector<HTMLElement>('input')?.focus();
            return;
          }
          if (!(await act(button, region, t, () => sent, formElement))) return;
          close();
          await options.done();
        },
        options.field,
        region,
        h(
          'div',
          { class: 'actions' },
          button,
          h('button', { type: 'button', class: 'secondary', onclick: close }, t.cancel),
        ),
      );
      return [h('p', {}, options.intro), element];
    },
  });
}
