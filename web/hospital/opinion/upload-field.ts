import { h, uniqueId } from '../../patient/dom';
import { labelFor } from './fields';
import { formatSize, type Text } from './text';
import type { UploadSlot, UploadState } from './upload';

/**
 * The PDF control: a file input (PDF only), a `<progress>` with the percentage in words beside
 * it, and what became of the upload. Returns the element and an unsubscribe for the view's
 * clean-up.
 */
export function uploadField(options: {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  readonly slot: UploadSlot;
  readonly t: Text;
  readonly announce: (message: string) => void;
  readonly onChange: (state: UploadState) => void;
}): { element: HTMLElement; stop: () => void } {
  const { t, slot } = options;
  const id = uniqueId('op');
  const input = h('input', { id, type: 'file', accept: 'application/pdf,.pdf' });
  input.dataset.field = options.key;
  input.dataset.label = options.label;
  input.required = true;
  const hint = h('p', { class: 'hint', id: `${id}-hint` }, options.hint);
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': options.key });
  error.hidden = true;
  input.setAttribute('aria-describedby', `${id}-hint ${id}-status`);
  const progress = h('progress', { max: 100, value: 0, 'aria-label': t.progressLabel });
  const percent = h('span', { class: 'upload-percent' });
  const meter = h('div', { class: 'upload-progress' }, progress, percent);
  const status = h('p', { class: 'upload-status', id: `${id}-status`, role: 'status' });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void slot.start(file);
  });

  let last: UploadState['kind'] | undefined;
  const draw = (state: UploadState) => {
    meter.hidden = state.kind === 'idle' || state.kind === 'failed';
    if (state.kind === 'uploading') {
      progress.value = state.percent;
      percent.textContent = t.uploading(state.percent);
      status.textContent = '';
      if (last !== 'uploading') options.announce(t.uploadStarted(state.fileName));
    } else if (state.kind === 'done') {
      progress.value = 100;
      percent.textContent = t.uploading(100);
      status.textContent = t.uploaded(state.fileName, formatSize(state.size));
      status.dataset.kind = 'done';
    } else if (state.kind === 'failed') {
      const reason =
        state.reason === 'not-pdf'
          ? t.notPdf
          : state.reason === 'too-large'
            ? t.tooLarge
            : state.reason === 'storage'
              ? t.storageRefused
              : state.reason === 'network'
                ? t.networkFailed
                : `${t.schemaMessages[state.message ?? ''] ?? state.message ?? ''}`;
      status.textContent = t.uploadFailed(
        reason.endsWith('.') || reason.endsWith('。') ? reason : `${reason}.`,
      );
      status.dataset.kind = 'error';
      input.value = '';
    } else {
      status.textContent = '';
      percent.textContent = '';
    }
    last = state.kind;
    options.onChange(state);
  };
  const stop = slot.watch(draw);
  const element = h(
    'div',
    { class: 'field upload-field' },
    labelFor(id, { label: options.label, required: true, t }),
    hint,
    error,
    input,
    meter,
    status,
  );
  return { element, stop };
}
