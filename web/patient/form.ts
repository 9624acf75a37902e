import type { FieldError } from './api';
import { h, uniqueId } from './dom';
import type { MessageKey, TableKey, Translator } from './i18n';

/** One input of a structured form; its value lands at `path` in the object the schema checks. */
export interface FieldSpec {
  readonly name: string;
  readonly label: MessageKey;
  readonly kind: 'text' | 'textarea' | 'date' | 'number' | 'select' | 'list';
  readonly options?: {
    readonly table: TableKey;
    readonly values: readonly string[];
    readonly empty?: MessageKey;
  };
  /** A list of entries inside an entry (a course's drugs). */
  readonly entries?: RepeatSpec;
}

export interface RepeatSpec {
  readonly name: string;
  readonly heading: MessageKey;
  readonly entry: MessageKey;
  readonly add: MessageKey;
  readonly fields: readonly FieldSpec[];
  /** Entries shown when there is none yet (a course has at least one drug). */
  readonly minimum?: number;
}

type Values = Record<string, unknown>;

/** The two live regions every form has: the error summary (an alert) and its status line. */
export function formRegions() {
  return {
    summary: h('div', { class: 'error-summary', role: 'alert' }),
    result: h('p', { role: 'status', class: 'form-status' }),
  };
}

/** Renders one input with its label and an error slot; `data-path` ties it to schema paths. */
export function field(t: Translator, spec: FieldSpec, path: string, value: unknown): HTMLElement {
  const id = uniqueId('field');
  const errorId = `${id}-error`;
  const common = { id, name: path, 'data-path': path, 'data-kind': spec.kind, 'aria-describedby': errorId };
  let input: HTMLElement;
  if (spec.kind === 'textarea') {
    input = h('textarea', { ...common, rows: 3 }, typeof value === 'string' ? value : '');
  } else if (spec.kind === 'select' && spec.options) {
    const { table, values, empty } = spec.options;
    input = h(
      'select',
      common,
      empty ? h('option', { value: '' }, t.t(empty)) : null,
      values.map((option) =>
        h('option', { value: option, selected: value === option }, t.pick(table, option)),
      ),
    );
  } else {
    const text =
      spec.kind === 'list' && Array.isArray(value)
        ? value.join(', ')
        : value === undefined || value === null
          ? ''
          : String(value);
    input = h('input', {
      ...common,
      type: spec.kind === 'date' ? 'date' : 'text',
      ...(spec.kind === 'number' ? { inputmode: 'decimal' } : {}),
      value: text,
    });
  }
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, t.t(spec.label)),
    input,
    h('p', { class: 'field-error', id: errorId, 'data-error-for': path }),
  );
}

/** A repeatable group: its entries from `values`, add and remove buttons that keep what was typed. */
export function repeat(
  t: Translator,
  spec: RepeatSpec,
  path: string,
  values: readonly Values[],
): HTMLElement {
  const container = h('fieldset', { class: 'repeat', 'data-repeat': path });
  const render = (entries: readonly Values[]) => {
    container.replaceChildren(
      h('legend', {}, t.t(spec.heading)),
      ...entries.map((entry, index) => {
        const entryPath = `${path}.${index}`;
        return h(
          'div',
          { class: 'entry', role: 'group', 'aria-label': `${t.t(spec.entry)} ${index + 1}` },
          spec.fields.map((child) =>
            child.entries
              ? repeat(t, child.entries, `${entryPath}.${child.name}`, (entry[child.name] as Values[]) ?? [])
              : field(t, child, `${entryPath}.${child.name}`, entry[child.name]),
          ),
          entries.length > (spec.minimum ?? 0)
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: () => render(collectRepeat(container, path).filter((_, other) => other !== index)),
                },
                `${t.t('remove')}: ${t.t(spec.entry)} ${index + 1}`,
              )
            : null,
        );
      }),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            render([...collectRepeat(container, path), {}]);
            container
              .querySelectorAll<HTMLElement>(':scope > .entry')
              [entries.length]?.querySelector<HTMLElement>('input, select, textarea')
              ?.focus();
          },
        },
        t.t(spec.add),
      ),
    );
  };
  const minimum = spec.minimum ?? 0;
  render(
    values.length >= minimum
      ? values
      : [...values, ...Array.from({ length: minimum - values.length }, () => ({}))],
  );
  return container;
}

/** Puts back what a redrawn form held (a language switch): choices ticked and text typed. */
export function restoreInputs(form: HTMLElement, before: FormData): void {
  for (const input of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
    if (input instanceof HTMLInputElement && input.type === 'radio')
      input.checked = before.get(input.name) === input.value;
    else if (input instanceof HTMLInputElement && input.type === 'checkbox')
      input.checked = before.getAll(input.name).includes(input.value);
    else if (input.name) input.value = String(before.get(input.name) ?? '');
  }
}

/** The value an input holds as the schema expects it; undefined when empty (optional fields). */
function readInput(input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): unknown {
  const raw = input.value.trim();
  if (raw === '') return undefined;
  switch (input.dataset.kind) {
    case 'number':
      return Number(raw.replace(',', '.'));
    case 'list':
      return raw
        .split(/[,，]/)
        .map((part) => part.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

function setAt(target: Values, path: readonly string[], value: unknown) {
  let node: Record<string, unknown> = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[index + 1] ?? '');
    node[segment] ??= nextIsIndex ? [] : {};
    node = node[segment] as Record<string, unknown>;
  });
}

/** Everything a form holds as a plain object from its inputs' `data-path`s (empty ones left out). */
export function collect(root: HTMLElement, prefix = ''): Values {
  const values: Values = {};
  for (const repeatElement of root.querySelectorAll<HTMLElement>('[data-repeat]')) {
    const path = repeatElement.dataset.repeat ?? '';
    if (!path.startsWith(prefix)) continue;
    // Repeats with no entry still count, as empty lists.
    setAt(values, path.slice(prefix.length).split('.'), []);
  }
  // Form controls only: groups (a fieldset of choices) carry a data-path for their errors.
  for (const input of root.querySelectorAll<HTMLInputElement>(
    'input[data-path], select[data-path], textarea[data-path]',
  )) {
    const path = input.dataset.path ?? '';
    if (!path.startsWith(prefix)) continue;
    const value = readInput(input);
    if (value !== undefined) setAt(values, path.slice(prefix.length).split('.'), value);
  }
  // Entries left with holes (an empty middle entry) stay as empty objects for the schema to name.
  const fill = (node: unknown) => {
    if (Array.isArray(node)) for (let index = 0; index < node.length; index += 1) node[index] ??= {};
    if (node && typeof node === 'object') for (const child of Object.values(node)) fill(child);
  };
  fill(values);
  return values;
}

function collectRepeat(container: HTMLElement, path: string): Values[] {
  const values = collect(container, `${path}.`);
  const length = container.querySelectorAll(':scope > .entry').length;
  return Array.from({ length }, (_, index) => (values[String(index)] as Values) ?? {});
}

/**
 * Shows field errors at their fields (the browser's zod check and the server's 400 share the
 * dotted paths); errors without a field of their own go to the nearest group, or the summary.
 * Returns how many errors were shown, and focuses the first field in error.
 */
export function showErrors(
  root: HTMLElement,
  summary: HTMLElement,
  errors: readonly FieldError[],
  t: Translator,
): number {
  for (const element of root.querySelectorAll('[aria-invalid="true"]'))
    element.removeAttribute('aria-invalid');
  for (const slot of root.querySelectorAll<HTMLElement>('[data-error-for]')) slot.textContent = '';
  summary.replaceChildren();
  let first: HTMLElement | undefined;
  const unplaced: string[] = [];
  for (const error of errors) {
    const path = error.path ?? '';
    const input = path ? root.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`) : null;
    const message = error.code
      ? t.server(`detail.${error.code}`, {}, error.message)
      : friendly(error.message, input, t);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const slot = root.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(path)}"]`);
      if (slot) slot.textContent = message;
      first ??= input;
    } else {
      unplaced.push(path ? `${path}: ${message}` : message);
    }
  }
  if (errors.length > 0) {
    summary.append(
      h('p', {}, t.t('historyInvalid')),
      unplaced.length
        ? h(
            'ul',
            {},
            unplaced.map((text) => h('li', {}, text)),
          )
        : '',
    );
  }
  first?.focus();
  return errors.length;
}

/** zod's message for a missing value, in the patient's words. */
function friendly(message: string, input: HTMLElement | null, t: Translator): string {
  const empty = input && 'value' in input && (input as HTMLInputElement).value.trim() === '';
  return empty && /^Invalid input: expected/.test(message) ? t.t('fieldRequired') : message;
}
