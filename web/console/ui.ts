import { h, uniqueId } from '../patient/dom';
import type { Lang, Messages } from './i18n';
import { statusText } from './i18n';
import { ApiError } from './view';

/**
 * Small rendering helpers for the console. Everything is built from elements and text nodes
 * (the patient page's `h`): no HTML is ever parsed from data.
 */
export { h, uniqueId };

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled control with an optional hint and a slot for its error, wired for assistive technology. */
export function labelled<C extends Control>(
  label: string,
  control: C,
  options: { hint?: string; path?: string } = {},
): { row: HTMLElement; control: C } {
  const id = control.id || uniqueId('field');
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = options.hint ? `${id}-hint` : undefined;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (options.path) control.dataset.path = options.path;
  const row = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    options.hint ? h('p', { class: 'hint', id: hintId }, options.hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, 'data-error-for': options.path ?? id }),
  );
  return { row, control };
}

/** A `<select>` of values, each shown by `label`. */
export function select(
  values: readonly string[],
  label: (value: string) => string,
  attributes: Record<string, string | boolean | undefined> = {},
  empty?: string,
): HTMLSelectElement {
  return h(
    'select',
    attributes,
    empty !== undefined ? h('option', { value: '' }, empty) : null,
    values.map((value) => h('option', { value }, label(value))),
  );
}

/** A section of a view: its heading labels it, for landmarks and for the outline. */
export function section(id: string, heading: string, ...children: (Node | string | null)[]): HTMLElement {
  const headingId = `${id}-heading`;
  return h(
    'section',
    { id, class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, heading),
    ...children,
  );
}

/** The status word of the API, as a badge (its own colour per status). */
export const statusBadge = (lang: Lang, status: string): HTMLElement =>
  h('span', { class: 'status', 'data-status': status }, statusText(lang, status));

/** Pairs of term and description; entries without a value are left out. */
export function facts(pairs: readonly [string, Node | string | undefined | null][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value as Node | string))),
  );
}

/** A live region for what an action did or why it failed. */
export const messageRegion = (): HTMLElement => h('div', { class: 'message', role: 'status' });

/** The code of an ApiError the console raises itself when a form fails the server's schema before sending. */
export const FORM_CHECK = 'form_check';

/** Says what happened, in plain words; an ApiError with its details listed, field errors at their fields. */
export function showError(region: HTMLElement, t: Messages, error: unknown, form?: HTMLElement): void {
  region.dataset.kind = 'error';
  clearFieldErrors(form);
  if (!(error instanceof ApiError)) {
    region.replaceChildren(h('p', {}, t.networkError));
    return;
  }
  if (error.status === 0) {
    region.replaceChildren(h('p', {}, t.networkError));
    return;
  }
  const details = (error.details ?? []) as { path?: string; message?: string }[];
  const unplaced: string[] = [];
  for (const detail of details) {
    const slot = detail.path
      ? form?.querySelector<HTMLElement>(`[data-error-for="${cssPath(detail.path)}"]`)
      : null;
    if (slot && detail.message) {
      slot.textContent = detail.message;
      form
        ?.querySelector(`[data-path="${cssPath(detail.path ?? '')}"]`)
        ?.setAttribute('aria-invalid', 'true');
    } else if (detail.message) unplaced.push(detail.message);
  }
  // The form's own check (the server's schema, run first) speaks for itself; the server is quoted.
  const ownCheck = error.code === FORM_CHECK;
  const parts = [
    h('p', {}, ownCheck ? error.message : `${t.errorPrefix} ${error.message}`),
    unplaced.length > 0
      ? h(
          'ul',
          {},
          unplaced.map((message) => h('li', {}, message)),
        )
      : null,
    details.length > unplaced.length && !ownCheck ? h('p', {}, t.fieldsToFix) : null,
  ];
  region.replaceChildren(...parts.filter((part) => part !== null));
}

export function showDone(region: HTMLElement, message: string): void {
  region.dataset.kind = 'ok';
  region.replaceChildren(h('p', {}, message));
}

function clearFieldErrors(form?: HTMLElement): void {
  if (!form) return;
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) slot.textContent = '';
  for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
}

/** Paths are dotted names and digits; anything else is escaped for the attribute selector. */
const cssPath = (path: string) => path.replace(/["\\]/g, '\\$&');

/**
 * Runs an action from a form's submit: the button is disabled while it runs (no double
 * submission), errors go to the region; resolves with the action's result or undefined.
 */
export async function act<T>(
  button: HTMLButtonElement,
  region: HTMLElement,
  t: Messages,
  action: () => Promise<T>,
  form?: HTMLElement,
): Promise<T | undefined> {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    const result = await action();
    clearFieldErrors(form);
    return result;
  } catch (error) {
    showError(region, t, error, form);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A form whose submission never leaves the page: `onSubmit` runs instead. */
export function form(
  attributes: Record<string, string>,
  onSubmit: (form: HTMLFormElement) => void,
  ...children: (Node | null)[]
): HTMLFormElement {
  const element = h('form', { ...attributes, novalidate: 'true' }, ...children);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(element);
  });
  return element;
}

/** The value of a named control of a form, trimmed. */
export const fieldValue = (form: HTMLFormElement, name: string): string =>
  ((form.elements.namedItem(name) as Control | null)?.value ?? '').trim();
