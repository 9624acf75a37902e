import { ApiError } from '../patient/api';
import { h } from '../patient/dom';
import { type Lang, messages } from './i18n';

/** What went wrong, in words a person can act on: the server's safe message, or the network. */
export function errorText(lang: Lang, error: unknown): string {
  const t = messages(lang);
  if (error instanceof ApiError) {
    if (error.status === 0) return t.networkError;
    return `${t.errorPrefix} ${error.message}`;
  }
  return t.networkError;
}

/** An error in place of a view's content, with a way to try again. */
export function errorNotice(host: HTMLElement, lang: Lang, error: unknown, retry: () => void): void {
  host.removeAttribute('aria-busy');
  host.replaceChildren(
    h('p', { class: 'error', role: 'alert' }, errorText(lang, error)),
    h('button', { type: 'button', class: 'secondary', onclick: retry }, messages(lang).retry),
  );
}
