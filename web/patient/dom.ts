type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** A small element builder: attributes (`on…` become listeners), then children. Text is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

let counter = 0;
/** A document-unique id for label/field/error wiring. */
export const uniqueId = (prefix: string) => `${prefix}-${++counter}`;

/** Announces a message to assistive technology through a live region and shows it. */
export function status(region: HTMLElement, message: string, kind: 'info' | 'error' = 'info') {
  region.textContent = message;
  region.dataset.kind = kind;
}
