import { h, uniqueId } from '../../patient/dom';
import type { Text } from './text';
import type { FieldIssue } from './validation';

/**
 * Labelled controls with a hint and an error slot, and the error display: `aria-invalid`, the
 * message tied to the control by `aria-describedby`, and a summary at the top whose links move
 * focus to the fields. Every control carries `data-field` (its key) and `data-label` (its name
 * in the summary).
 */

interface Common {
  readonly key: string;
  readonly label: string;
  readonly hint?: string;
  readonly required?: boolean;
  readonly t: Text;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function wire(control: Control, options: Common): { hint: HTMLElement | null; error: HTMLElement } {
  const hint = options.hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, options.hint) : null;
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, 'data-error-for': options.key });
  error.hidden = true;
  control.dataset.field = options.key;
  control.dataset.label = options.label;
  if (hint) control.setAttribute('aria-describedby', hint.id);
  if (options.required) control.required = true;
  return { hint, error };
}

/**
 * The label, and beside it (outside it, so the field's name is the label alone) the visible
 * "required"; assistive technology hears the control's `required` instead.
 */
export const labelFor = (id: string, options: { label: string; required?: boolean; t: Text }) =>
  h(
    'div',
    { class: 'label-row' },
    h('label', { for: id }, options.label),
    options.required
      ? h('span', { class: 'required', 'aria-hidden': 'true' }, `(${options.t.required})`)
      : null,
  );

export function textField(
  options: Common & {
    readonly value: string;
    readonly multiline?: boolean;
    readonly maxLength?: number;
    readonly onInput: (value: string) => void;
  },
): HTMLElement {
  const id = uniqueId('op');
  const control = options.multiline
    ? h('textarea', { id, rows: 3 })
    : h('input', { id, type: 'text', autocomplete: 'off' });
  control.value = options.value;
  if (options.maxLength) control.maxLength = options.maxLength;
  control.addEventListener('input', () => options.onInput(control.value));
  const { hint, error } = wire(control, options);
  return h('div', { class: 'field' }, labelFor(id, options), hint, error, control);
}

export function selectField(
  options: Common & {
    readonly value: string;
    readonly choices: readonly (readonly [value: string, label: string])[];
    readonly onChange: (value: string) => void;
  },
): HTMLElement {
  const id = uniqueId('op');
  const control = h(
    'select',
    { id },
    h('option', { value: '' }, options.t.choose),
    options.choices.map(([value, label]) => h('option', { value }, label)),
  );
  control.value = options.value;
  control.addEventListener('change', () => options.onChange(control.value));
  const { hint, error } = wire(control, options);
  return h('div', { class: 'field' }, labelFor(id, options), hint, error, control);
}

export function checkbox(options: {
  readonly key: string;
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}): HTMLElement {
  const id = uniqueId('op');
  const control = h('input', { id, type: 'checkbox' });
  control.checked = options.checked;
  control.dataset.field = options.key;
  control.dataset.label = options.label;
  control.addEventListener('change', () => options.onChange(control.checked));
  return h('div', { class: 'check' }, control, h('label', { for: id }, options.label));
}

/** A fieldset whose own key takes the issues about the group (none chosen, too many). */
export function group(
  options: {
    readonly key: string;
    readonly legend: string;
    readonly hint?: string;
    readonly required?: boolean;
    readonly t: Text;
  },
  ...children: (Node | null)[]
): HTMLFieldSetElement {
  const id = uniqueId('group');
  const hint = options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': options.key });
  error.hidden = true;
  const fieldset = h(
    'fieldset',
    {
      id,
      'data-field': options.key,
      'data-label': options.legend,
      ...(hint ? { 'aria-describedby': hint.id } : {}),
    },
    h('legend', {}, options.legend),
    options.required ? h('p', { class: 'required', 'aria-hidden': 'true' }, `(${options.t.required})`) : null,
    hint,
    error,
    ...children,
  );
  return fieldset;
}

/** Takes every error off a form. */
export function clearIssues(form: HTMLElement, summary: HTMLElement): void {
  summary.replaceChildren();
  summary.hidden = true;
  for (const error of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    error.textContent = '';
    error.hidden = true;
    const control = form.querySelector<HTMLElement>(
      `[data-field="${CSS.escape(error.dataset.errorFor ?? '')}"]`,
    );
    if (control) {
      control.removeAttribute('aria-invalid');
      const describedBy = (control.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter((id) => id && id !== error.id);
      if (describedBy.length > 0) control.setAttribute('aria-describedby', describedBy.join(' '));
      else control.removeAttribute('aria-describedby');
    }
  }
}

/** The first thing to focus for a key: the control itself, or a group's first control. */
function focusTarget(element: HTMLElement): HTMLElement {
  if (element instanceof HTMLFieldSetElement) {
    return element.querySelector<HTMLElement>('input, select, textarea, button') ?? element;
  }
  return element;
}

/**
 * Shows the issues at their fields and in the summary (in the order of the form), then moves
 * focus to the summary. Summary links focus their field without touching the address (the
 * portal routes on the hash).
 */
export function showIssues(
  form: HTMLElement,
  summary: HTMLElement,
  issues: readonly FieldIssue[],
  t: Text,
): void {
  clearIssues(form, summary);
  const placed: { element: HTMLElement | null; issue: FieldIssue }[] = issues.map((issue) => ({
    issue,
    element: issue.key ? form.querySelector<HTMLElement>(`[data-field="${CSS.escape(issue.key)}"]`) : null,
  }));
  placed.sort((a, b) => {
    if (!a.element || !b.element) return a.element ? 1 : b.element ? -1 : 0;
    return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  const items = placed.map(({ element, issue }) => {
    if (!element) return h('li', {}, issue.message);
    const error = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(issue.key ?? '')}"]`);
    if (error) {
      error.textContent = issue.message;
      error.hidden = false;
      element.setAttribute(
        'aria-describedby',
        [element.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' '),
      );
    }
    element.setAttribute('aria-invalid', 'true');
    const target = focusTarget(element);
    if (!target.id) target.id = uniqueId('op');
    return h(
      'li',
      {},
      h(
        'a',
        {
          href: `#${target.id}`,
          onclick: (event: Event) => {
            event.preventDefault();
            target.focus();
          },
        },
        t.summaryLink(element.dataset.label ?? '', issue.message),
      ),
    );
  });
  summary.replaceChildren(
    h(summary.dataset.level === '4' ? 'h4' : 'h2', { id: `${summary.id}-heading` }, t.summaryHeading),
    h('ul', {}, items),
  );
  summary.hidden = false;
  summary.focus();
}

/** The area the error summary lives in: focusable, named by its heading (h2 in the form, h4 in the addendum's). */
export function errorSummary(level: 2 | 4 = 2): HTMLElement {
  const id = uniqueId('summary');
  const summary = h('div', {
    class: 'error-summary',
    id,
    tabindex: '-1',
    role: 'group',
    'aria-labelledby': `${id}-heading`,
    'data-level': String(level),
  });
  summary.hidden = true;
  return summary;
}
