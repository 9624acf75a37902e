import { h } from '../../patient/dom';
import { type ListItem, listItem } from './draft';
import { group, textField } from './fields';
import type { Text } from './text';

/**
 * A list the specialist adds lines to and removes them from (options, information needed).
 * Each line keeps its id, so its field key (`<prefix>:<id>`) and what was typed survive the
 * removal of another line.
 */
export function listField(options: {
  readonly key: string;
  readonly prefix: string;
  readonly legend: string;
  readonly hint: string;
  readonly required?: boolean;
  readonly items: ListItem[];
  readonly max: number;
  readonly maxLength: number;
  readonly itemLabel: (n: number) => string;
  readonly addLabel: string;
  readonly removeLabel: (n: number) => string;
  readonly t: Text;
  readonly onChange: () => void;
}): HTMLFieldSetElement {
  const { items, t } = options;
  const list = h('ol', { class: 'line-list' });
  const add = h('button', { type: 'button', class: 'secondary' }, options.addLabel);
  const draw = (focusId?: number) => {
    list.replaceChildren(
      ...items.map((item, index) =>
        h(
          'li',
          {},
          textField({
            key: `${options.prefix}:${item.id}`,
            label: options.itemLabel(index + 1),
            value: item.text,
            multiline: true,
            maxLength: options.maxLength,
            t,
            onInput: (value) => {
              item.text = value;
              options.onChange();
            },
          }),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary remove',
              onclick: () => {
                items.splice(index, 1);
                draw(items[Math.min(index, items.length - 1)]?.id);
                if (items.length === 0) add.focus();
                options.onChange();
              },
            },
            options.removeLabel(index + 1),
          ),
        ),
      ),
    );
    add.disabled = items.length >= options.max;
    if (focusId !== undefined) {
      list.querySelector<HTMLElement>(`[data-field="${options.prefix}:${focusId}"]`)?.focus();
    }
  };
  add.addEventListener('click', () => {
    if (items.length >= options.max) return;
    const item = listItem();
    items.push(item);
    draw(item.id);
    options.onChange();
  });
  draw();
  return group(
    {
      key: options.key,
      legend: options.legend,
      hint: options.hint,
      t,
      ...(options.required ? { required: true } : {}),
    },
    list,
    add,
  );
}
