import { h, uniqueId } from './ui';

/**
 * A modal dialog: the native `<dialog>` opened with showModal() makes the rest of the page
 * inert, so Tab stays inside it and Escape closes it; on close, focus goes back to the control
 * that opened it (or, if that is gone after a redraw, to `fallback`).
 */
export function openDialog(options: {
  title: string;
  /** Builds the dialog's content; `close` ends it. */
  content: (close: () => void) => Node[];
  fallback?: HTMLElement;
}): void {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const titleId = uniqueId('dialog-title');
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
  const close = () => dialog.close();
  dialog.append(h('h2', { id: titleId }, options.title), ...options.content(close));
  dialog.addEventListener('close', () => {
    dialog.remove();
    const back = opener?.isConnected ? opener : options.fallback;
    back?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  // The first field, not the first button: what the dialog asks for.
  dialog.querySelector<HTMLElement>('input, textarea, select')?.focus();
}
