import { checklistFor } from '../../functions/core/checklist';
import type { CancerType } from '../../functions/core/vocabulary';
import { ApiError } from '../patient/api';
import { h, uniqueId } from '../patient/dom';
import type { InboxCase } from './cases';
import { formatDay, itemNames, messages } from './i18n';
import { errorText } from './notices';
import type { PortalContext } from './view';

const casePath = (caseId: string, action: string) => `/relay/cases/${encodeURIComponent(caseId)}/${action}`;

function statusLine() {
  const line = h('p', { class: 'form-status', role: 'status' });
  return {
    line,
    say(text: string, kind: 'info' | 'error' = 'info') {
      line.textContent = text;
      line.dataset.kind = kind;
    },
  };
}

/** A labelled input or textarea. */
function field(label: string, control: HTMLInputElement | HTMLTextAreaElement, hint?: string) {
  control.id ||= uniqueId('field');
  const hintId = hint ? `${control.id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
  );
}

/**
 * Receipt: the records are complete (and a shipped disc arrived), or something is missing,
 * named by checklist item in the hospital's words. Hidden until `Confirm receipt` opens it.
 */
export function receiptPanel(ctx: PortalContext, entry: InboxCase, reload: () => void): HTMLElement {
  const t = messages(ctx.lang);
  const status = statusLine();
  const disc = h('input', { type: 'checkbox', id: uniqueId('disc'), name: 'discReceived' });
  const items = checklistFor(entry.cancerType as CancerType).map((item) => {
    const name = itemNames[ctx.lang][item.itemId] ?? item.itemId;
    const check = h('input', {
      type: 'checkbox',
      id: uniqueId('missing'),
      name: 'missing',
      value: item.itemId,
    });
    const what = h('textarea', { name: `missing-${item.itemId}`, rows: '2', maxlength: '500' });
    const whatRow = field(t.missingWhat(name), what);
    whatRow.hidden = true;
    check.addEventListener('change', () => {
      whatRow.hidden = !check.checked;
      if (check.checked) what.focus();
    });
    return {
      itemId: item.itemId,
      check,
      what,
      row: h(
        'div',
        { class: 'missing-item' },
        h('div', { class: 'check' }, check, h('label', { for: check.id }, name)),
        whatRow,
      ),
    };
  });

  const send = async (body: unknown) => {
    try {
      const answer = await ctx.api.send<{ deadline?: { dueOn: string }; gaps?: string[] }>(
        'POST',
        casePath(entry.caseId, 'receipt'),
        body,
      );
      const text = answer.deadline
        ? t.receiptConfirmed(formatDay(ctx.lang, answer.deadline.dueOn))
        : t.receiptIncomplete;
      status.say(text);
      ctx.announce(text);
      setTimeout(reload, 1200);
    } catch (error) {
      status.say(errorText(ctx.lang, error), 'error');
      if (error instanceof ApiError && error.details.some((detail) => detail.path === 'discReceived'))
        disc.focus();
    }
  };

  const missingForm = h(
    'form',
    { class: 'missing', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, t.missingLegend),
      items.map((item) => item.row),
    ),
    h('button', { type: 'submit' }, t.sendReceipt),
  );
  missingForm.hidden = true;
  missingForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const missing = items
      .filter((item) => item.check.checked)
      .map((item) => ({ itemId: item.itemId, description: item.what.value.trim() }));
    if (missing.length === 0 || missing.some((item) => item.description === '')) {
      status.say(t.pickMissing, 'error');
      return;
    }
    void send({ complete: false, missing });
  });

  const panel = h(
    'section',
    { id: 'receipt', class: 'card', 'aria-labelledby': 'receipt-heading' },
    h('h2', { id: 'receipt-heading' }, t.confirmReceipt),
    entry.imagingShipped
      ? h('div', { class: 'check' }, disc, h('label', { for: disc.id }, t.discArrived))
      : null,
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            void send(disc.checked ? { complete: true, discReceived: true } : { complete: true }),
        },
        t.recordsComplete,
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            missingForm.hidden = false;
            items[0]?.check.focus();
          },
        },
        t.somethingMissing,
      ),
    ),
    missingForm,
    status.line,
  );
  panel.hidden = true;
  return panel;
}

/** Assign the specialist, and ask for more time with a reason: each its own small form. */
export function specialistAndExtension(
  ctx: PortalContext,
  entry: InboxCase,
  reload: () => void,
): HTMLElement {
  const t = messages(ctx.lang);
  const name = h('input', {
    type: 'text',
    name: 'specialistName',
    maxlength: '200',
    required: true,
    autocomplete: 'name',
  });
  const department = h('input', {
    type: 'text',
    name: 'specialistDepartment',
    maxlength: '200',
    required: true,
  });
  const assignStatus = statusLine();
  const assign = h(
    'form',
    { class: 'stack-form', novalidate: true },
    h('h3', {}, t.specialist),
    field(t.specialistName, name),
    field(t.department, department),
    h('button', { type: 'submit', class: 'secondary' }, t.assign),
    assignStatus.line,
  );
  assign.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await ctx.api.send<{ specialist: { name: string; department: string } }>(
        'POST',
        casePath(entry.caseId, 'specialist'),
        { name: name.value, department: department.value },
      );
      assignStatus.say(t.assigned(answer.specialist.name, answer.specialist.department));
    } catch (error) {
      assignStatus.say(errorText(ctx.lang, error), 'error');
    }
  });

  const days = h('input', {
    type: 'number',
    name: 'extensionDays',
    min: '1',
    max: '10',
    value: '2',
    required: true,
  });
  const reason = h('textarea', { name: 'extensionReason', rows: '3', maxlength: '1000', required: true });
  const extendStatus = statusLine();
  const extend = h(
    'form',
    { class: 'stack-form', novalidate: true },
    h('h3', {}, t.extension),
    field(t.extensionDays, days),
    field(t.extensionReason, reason, t.extensionReasonHint),
    h('button', { type: 'submit', class: 'secondary' }, t.requestExtension),
    extendStatus.line,
  );
  extend.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await ctx.api.send<{ deadline: { dueOn: string } }>(
        'POST',
        casePath(entry.caseId, 'extension'),
        {
          businessDays: Number(days.value),
          reason: reason.value,
        },
      );
      extendStatus.say(t.extended(formatDay(ctx.lang, answer.deadline.dueOn)));
      setTimeout(reload, 1200);
    } catch (error) {
      extendStatus.say(errorText(ctx.lang, error), 'error');
    }
  });

  return h(
    'section',
    { id: 'review', class: 'card', 'aria-labelledby': 'review-heading' },
    h('h2', { id: 'review-heading' }, `${t.specialist} · ${t.extension}`),
    h('div', { class: 'two-forms' }, assign, extend),
  );
}
